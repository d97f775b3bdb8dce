package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.testing.JavaSerialization;
import org.junit.jupiter.api.Test;

/**
 * Messages travel as MessagePack and nothing in the layer uses Java serialization: no class of ours
 * declares itself Serializable (exceptions are, by inheritance only), and none refers to Java's
 * object streams.
 */
class NoJavaSerializationTest {

  private final JavaSerialization core = JavaSerialization.inModuleOf(ChannelLayer.class);

  @Test
  void noClassOfOursDeclaresItselfSerializable() {
    assertThat(core.serializableClasses()).isEmpty();
  }

  @Test
  void noClassOfOursUsesJavaObjectStreams() {
    assertThat(core.objectStreamUsers()).isEmpty();
  }
}
