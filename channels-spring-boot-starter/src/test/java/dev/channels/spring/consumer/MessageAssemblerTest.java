package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MessageAssemblerTest {

  private final AtomicInteger refusals = new AtomicInteger();
  private final MessageAssembler parts = new MessageAssembler(10, 4, refusals::incrementAndGet);

  @Test
  void aMessageInOnePartIsPassedOnAsItIs() {
    String text = "0123456789";

    assertThat(parts.text(text, true)).isSameAs(text);
  }

  @Test
  void partsAreJoinedWhenTheLastArrives() {
    assertThat(parts.text("01234", false)).isNull();
    assertThat(parts.text("567", false)).isNull();
    assertThat(parts.text("89", true)).isEqualTo("0123456789");
    assertThat(parts.binary(ByteBuffer.wrap(new byte[] {1, 2}), false)).isNull();
    assertThat(parts.binary(ByteBuffer.wrap(new byte[] {3, 4}), true)).containsExactly(1, 2, 3, 4);
    assertThat(parts.text("next", true)).isEqualTo("next");
  }

  @Test
  void aMessageOverTheLimitIsRefusedOnceItEndsAndTheRestOfTheSessionsPartsAreDropped() {
    assertThat(parts.text("0123456", false)).isNull();
    assertThat(parts.text("7890", false)).isNull();
    assertThat(refusals).hasValue(0);
    assertThat(parts.text("more", true)).isNull();
    assertThat(refusals).hasValue(1);
    assertThat(parts.text("small", true)).isNull();
    assertThat(parts.binary(ByteBuffer.wrap(new byte[] {1}), true)).isNull();

    assertThat(refusals).hasValue(1);
  }

  @Test
  void theBinaryLimitIsCountedInBytes() {
    assertThat(parts.binary(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), true)).hasSize(4);
    assertThat(parts.binary(ByteBuffer.wrap(new byte[5]), true)).isNull();

    assertThat(refusals).hasValue(1);
  }
}
