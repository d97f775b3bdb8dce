package dev.channels.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.MalformedMessageException;
import dev.channels.Message;
import dev.channels.test.RandomValues;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The codec against random messages and random corruptions of them, 300 seeds each. */
class MessagePackCodecPropertyTest {

  private static final int SEEDS = 300;

  @Test
  void everyMessageRoundTripsAndItsSizeIsKnownWithoutEncoding() {
    for (long seed = 0; seed < SEEDS; seed++) {
      Message message = new RandomValues(seed).message(12, 4);

      byte[] encoded = MessagePackCodec.encode(message);

      assertThat(MessagePackCodec.encodedSize(message))
          .as("seed %d", seed)
          .isEqualTo(encoded.length);
      assertThat(MessagePackCodec.decode(encoded)).as("seed %d", seed).isEqualTo(message);
    }
  }

  @Test
  void arbitraryBytesGiveAMessageOrAMalformedMessageExceptionAndNothingElse() {
    for (long seed = 0; seed < SEEDS; seed++) {
      Random random = new Random(seed);
      byte[] valid = MessagePackCodec.encode(new RandomValues(seed).message(6, 3));
      for (int round = 0; round < 50; round++) {
        byte[] input = valid.clone();
        for (int flips = 1 + random.nextInt(4); flips > 0 && input.length > 0; flips--) {
          input[random.nextInt(input.length)] = (byte) random.nextInt(256);
        }
        int length = random.nextInt(input.length + 1);
        try {
          MessagePackCodec.decode(input, 0, length);
        } catch (MalformedMessageException expected) {
          assertThat(expected).as("seed %d", seed).hasMessageStartingWith("Cannot decode message");
        }
      }
    }
  }
}
