package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayerSettings;
import dev.channels.MalformedMessageException;
import dev.channels.Message;
import dev.channels.test.RandomValues;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever bytes a Redis queue holds, reading them gives a message or a {@link
 * MalformedMessageException}, the one exception the decoding documents, and nothing else: random
 * bytes, and entries this layer or channels_redis would write with bytes flipped, cut off or added.
 * Seeded; the seed is each case's name, so a failure replays.
 */
class RedisDecodingFuzzTest {

  private static final long NOW = 1_750_000_000L;
  private static final int ROUNDS = 40;

  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  private static byte[] envelope(Random random, Message message) {
    Envelope envelope = Envelopes.of(message);
    return switch (random.nextInt(4)) {
      case 0 -> Envelopes.plain(message);
      case 1 -> Envelopes.toChannel(message, "specific.abc!def");
      case 2 ->
          envelope.toChannels(
              2,
              WireFormatTest.concat(
                  WireFormatTest.encoded("specific.abc!def"),
                  WireFormatTest.encoded("specific.abc!ghi")),
              0);
      default -> envelope.toGroup("room", "tok." + random.nextInt(100), 0);
    };
  }

  // Flips, replaces, cuts off or appends bytes: what a bit rot or a hostile writer may leave.
  private static byte[] mutate(Random random, byte[] valid) {
    byte[] input = valid.clone();
    switch (random.nextInt(4)) {
      case 0 -> {
        for (int flips = 1 + random.nextInt(4); flips > 0 && input.length > 0; flips--) {
          input[random.nextInt(input.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> {
        for (int changes = 1 + random.nextInt(4); changes > 0 && input.length > 0; changes--) {
          input[random.nextInt(input.length)] = (byte) random.nextInt(256);
        }
      }
      case 2 -> input = Arrays.copyOf(input, random.nextInt(input.length + 1));
      default -> {
        byte[] tail = new byte[1 + random.nextInt(16)];
        random.nextBytes(tail);
        input = WireFormatTest.concat(input, tail);
      }
    }
    return input;
  }

  private static void readsOrRefuses(Framing framing, byte[] member, boolean own) {
    try {
      Envelope.Routed routed = framing.unframe(member, NOW, own);
      assertThat(routed.message().type()).isNotEmpty();
    } catch (MalformedMessageException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aQueueMemberGivesAMessageOrAMalformedMessageExceptionAndNothingElse(long seed) {
    readsOrRefusesMutatedMembers(
        seed, new Framing(null, ChannelLayerSettings.DEFAULT_MAX_MESSAGE_SIZE));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void anEnvelopeGivesAMessageOrAMalformedMessageExceptionAndNothingElse(long seed) {
    Random random = new Random(seed);
    RandomValues values = new RandomValues(seed);
    for (int round = 0; round < ROUNDS; round++) {
      byte[] input = mutate(random, envelope(random, values.message(6, 3)));
      int offset = input.length == 0 ? 0 : random.nextInt(input.length);
      int length = random.nextInt(input.length - offset + 1);
      try {
        Envelope.decode(input, offset, length, random.nextBoolean());
      } catch (MalformedMessageException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void anEncryptedMemberGivesAMessageOrAMalformedMessageExceptionAndNothingElse(long seed) {
    MessageCrypto crypto = new MessageCrypto(List.of("new key", "old key"), Duration.ofDays(1));
    readsOrRefusesMutatedMembers(
        seed, new Framing(crypto, ChannelLayerSettings.DEFAULT_MAX_MESSAGE_SIZE));
  }

  // Valid members of random messages, mutated, and random bytes, each read as the queue of this
  // instance or as another.
  private static void readsOrRefusesMutatedMembers(long seed, Framing framing) {
    Random random = new Random(seed);
    RandomValues values = new RandomValues(seed);
    for (int round = 0; round < ROUNDS; round++) {
      byte[] valid = framing.frame(envelope(random, values.message(6, 3)));
      readsOrRefuses(framing, mutate(random, valid), random.nextBoolean());
      readsOrRefuses(framing, values.bytes(200), random.nextBoolean());
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aFernetTokenOpensOrIsRefusedWithAMalformedMessageExceptionAndNothingElse(long seed) {
    Random random = new Random(seed);
    Fernet key = Fernet.fromChannelsRedisKey("key " + seed);
    byte[] iv = new byte[16];
    for (int round = 0; round < ROUNDS; round++) {
      random.nextBytes(iv);
      byte[] plaintext = new byte[random.nextInt(100)];
      random.nextBytes(plaintext);
      byte[] token = key.encrypt(plaintext, NOW - random.nextInt(200), iv);
      byte[] input =
          switch (random.nextInt(3)) {
            case 0 -> mutate(random, token);
            case 1 ->
                new String(token, StandardCharsets.US_ASCII)
                    .substring(1)
                    .getBytes(StandardCharsets.US_ASCII);
            default -> new RandomValues(seed + round).bytes(120);
          };
      try {
        key.decrypt(input, 70, NOW);
      } catch (MalformedMessageException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }
}
