package dev.channels.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.testing.JavaSerialization;
import org.junit.jupiter.api.Test;

/** Nothing in the starter uses Java serialization either, as in the core. */
class NoJavaSerializationTest {

  private final JavaSerialization starter = JavaSerialization.inModuleOf(ChannelConsumer.class);

  @Test
  void noClassOfTheStarterDeclaresItselfSerializable() {
    assertThat(starter.serializableClasses()).isEmpty();
  }

  @Test
  void noClassOfTheStarterUsesJavaObjectStreams() {
    assertThat(starter.objectStreamUsers()).isEmpty();
  }
}
