package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.Message;
import dev.channels.codec.MessagePackCodec;
import dev.channels.redis.testing.RedisServers;
import dev.channels.test.StandardErr;
import dev.channels.test.TestNames;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever lands in a queue's sorted set, written straight into Redis by a broken or hostile
 * client: the entry is skipped and counted, and the receive loop goes on delivering.
 */
class RedisHostileInputTest {

  private final String prefix = TestNames.unique("hostile") + ":";
  private final RedisClient raw = RedisClient.create(RedisServers.url());
  private final StatefulRedisConnection<byte[], byte[]> redis =
      raw.connect(ByteArrayCodec.INSTANCE);
  private RedisChannelLayer layer;

  @AfterEach
  void cleanUp() {
    layer.flush().join();
    layer.close();
    redis.close();
    raw.shutdown();
  }

  private RedisChannelLayer layer(List<String> keys) {
    layer =
        RedisChannelLayer.builder()
            .options(
                RedisLayerOptions.builder()
                    .hosts(List.of(RedisServers.url()))
                    .prefix(prefix)
                    .symmetricEncryptionKeys(keys)
                    .build())
            .build();
    return layer;
  }

  static Stream<Arguments> hostileEntries() {
    byte[] random12 = new byte[12];
    return Stream.of(
        Arguments.of(
            "not MessagePack at all", concat(random12, "hello".getBytes(StandardCharsets.UTF_8))),
        Arguments.of("shorter than the random prefix", new byte[] {1, 2, 3}),
        Arguments.of(
            "an extension type",
            concat(random12, HexFormat.of().parseHex("82a474797065a178a178d40100"))),
        Arguments.of(
            "a map without a type", concat(random12, HexFormat.of().parseHex("81a16ba176"))),
        Arguments.of(
            "a wrong __asgi_channel__",
            concat(
                random12,
                HexFormat.of().parseHex("82a474797065a178b05f5f617367695f6368616e6e656c5f5f07"))),
        Arguments.of(
            "an integer above 64 bits",
            concat(random12, HexFormat.of().parseHex("82a474797065a178a178cfffffffffffffffff"))),
        Arguments.of(
            "a message truncated half way",
            concat(random12, HexFormat.of().parseHex("82a474797065ac636861742e6d657373"))),
        Arguments.of("a message over max-message-size", concat(random12, overMaxMessageSize())));
  }

  // {"type": "test.big", "data": <1 MiB of bytes>}: valid MessagePack, over the default limit.
  private static byte[] overMaxMessageSize() {
    byte[] head = HexFormat.of().parseHex("82a474797065a8746573742e626967a464617461c600100000");
    return java.util.Arrays.copyOf(head, head.length + 1024 * 1024);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileEntries")
  void anEntryThatIsNotAMessageIsSkippedCountedAndTheLoopGoesOn(String kind, byte[] entry) {
    RedisChannelLayer layer = layer(List.of());
    String channel = layer.newChannel();
    layer.receive(channel).cancel(false); // starts this instance's receive loop

    String key;
    String log;
    try (StandardErr err = StandardErr.capture()) {
      key = plant(channel, entry);
      layer.send(channel, Message.of("test.after", "kind", kind)).join();

      assertThat(layer.blocking().receive(channel, Duration.ofSeconds(20)))
          .contains(Message.of("test.after", "kind", kind));
      log = err.text();
    }
    Awaitility.await()
        .untilAsserted(() -> assertThat(layer.stats().dropped(DropReason.MALFORMED)).isEqualTo(1));
    assertThat(log)
        .contains("WARN")
        .contains("Skipped a malformed entry of Redis key '" + key + "'");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileEntries")
  void anEncryptingLayerSkipsEntriesThatAreNotItsTokens(String kind, byte[] entry) {
    RedisChannelLayer layer = layer(List.of("key"));
    String channel = layer.newChannel();
    layer.receive(channel).cancel(false);

    plant(channel, entry);
    layer.send(channel, Message.of("test.after")).join();

    assertThat(layer.blocking().receive(channel, Duration.ofSeconds(20)))
        .contains(Message.of("test.after"));
    Awaitility.await()
        .untilAsserted(() -> assertThat(layer.stats().dropped(DropReason.MALFORMED)).isEqualTo(1));
  }

  @org.junit.jupiter.api.Test
  void aTamperedCiphertextIsRefusedAndCounted() {
    RedisChannelLayer layer = layer(List.of("key"));
    String channel = layer.newChannel();
    layer.receive(channel).cancel(false);
    byte[] payload = MessagePackCodec.encode(Message.of("test.secret"));
    byte[] token = Fernet.fromChannelsRedisKey("key").encrypt(payload);
    token[token.length - 10] = (byte) (token[token.length - 10] == 'A' ? 'B' : 'A');

    plant(channel, concat(new byte[12], token));
    layer.send(channel, Message.of("test.after")).join();

    assertThat(layer.blocking().receive(channel, Duration.ofSeconds(20)))
        .contains(Message.of("test.after"));
    Awaitility.await()
        .untilAsserted(() -> assertThat(layer.stats().dropped(DropReason.MALFORMED)).isEqualTo(1));
  }

  @org.junit.jupiter.api.Test
  void groupMessagesNamingGroupsWithoutMembersHereLeaveNothingBehind() {
    RedisChannelLayer layer = layer(List.of());
    String member = layer.newChannel();
    layer.groupAdd("room", member).join();
    layer.groupSend("room", Message.of("test.group")).join();
    assertThat(layer.blocking().receive(member, Duration.ofSeconds(20)))
        .contains(Message.of("test.group"));

    for (int i = 0; i < 200; i++) {
      byte[] entry = Envelopes.of(Message.of("test.hostile")).toGroup("group_" + i, "v." + i, 0);
      plant(member, concat(new byte[12], entry));
    }
    layer.send(member, Message.of("test.after")).join();

    assertThat(layer.blocking().receive(member, Duration.ofSeconds(20)))
        .contains(Message.of("test.after"));
    assertThat(layer.localGroupViews()).as("groups whose members this instance keeps").isEqualTo(1);
  }

  @org.junit.jupiter.api.Test
  void aMessageNamingAnotherInstancesChannelIsCountedAsMisroutedAtOnceNotLeftToExpire() {
    RedisChannelLayer layer = layer(List.of());
    String channel = layer.newChannel();
    layer.receive(channel).cancel(false);
    String elsewhere = "specific.another-instance!" + channel.substring(channel.indexOf('!') + 1);

    String key;
    String log;
    try (StandardErr err = StandardErr.capture()) {
      key = plant(channel, concat(new byte[12], Envelopes.toChannel(Message.of("x"), elsewhere)));
      layer.send(channel, Message.of("test.after")).join();

      assertThat(layer.blocking().receive(channel, Duration.ofSeconds(20)))
          .contains(Message.of("test.after"));
      log = err.text();
    }
    // Counted by the time the entry after it is delivered: long before the expiry (60 s).
    assertThat(layer.stats().dropped(DropReason.MISROUTED)).isEqualTo(1);
    assertThat(layer.stats().dropped(DropReason.EXPIRED)).isZero();
    assertThat(log)
        .contains("WARN")
        .contains("Redis key '" + key + "'")
        .contains("for channel '" + elsewhere + "', which is not this instance's");
  }

  // Written before the layer's own send, with an older score, so it is popped first.
  private String plant(String channel, byte[] entry) {
    String key = prefix + channel.substring(0, channel.indexOf('!') + 1);
    redis
        .sync()
        .zadd(key.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis() / 1000.0 - 1, entry);
    return key;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
