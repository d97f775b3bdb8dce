package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Message;
import dev.channels.redis.testing.RedisServers;
import dev.channels.test.TestNames;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Spring Channels layer and the real Django Channels (channels_redis, through Python) on one
 * Redis and prefix share groups and process-local channels, both ways, with and without symmetric
 * encryption.
 */
class DjangoInteropTest {

  private final String prefix = TestNames.unique("interop") + ":";
  private RedisChannelLayer spring;

  static Stream<Arguments> encryption() {
    return Stream.of(
        Arguments.of("without encryption", List.of()),
        Arguments.of("with symmetric-encryption-keys", List.of("new key", "old key")));
  }

  private RedisChannelLayer spring(List<String> keys) {
    spring =
        RedisChannelLayer.builder()
            .options(
                RedisLayerOptions.builder()
                    .hosts(List.of(RedisServers.url()))
                    .prefix(prefix)
                    .symmetricEncryptionKeys(keys)
                    .build())
            .build();
    return spring;
  }

  private DjangoPeer django(List<String> keys, String... command) throws Exception {
    return DjangoPeer.run(RedisServers.url(), prefix, keys, command);
  }

  @AfterEach
  void cleanUp() {
    if (spring != null) {
      spring.flush().join();
      spring.close();
    }
  }

  /** A message with every value type, so both codecs are checked on the way. */
  static Message everyType(String text) {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("list", Arrays.asList(1, -2.5, null, true, "ü"));
    nested.put("bytes", new byte[] {0, (byte) 0xff, 7});
    return Message.builder("chat.message")
        .put("message", text)
        .put("count", 1L << 40)
        .put("ratio", 0.125)
        .put("flag", false)
        .put("nothing", null)
        .put("nested", nested)
        .build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encryption")
  void aSpringGroupSendReachesADjangoConsumer(String label, List<String> keys) throws Exception {
    RedisChannelLayer layer = spring(keys);
    try (DjangoPeer consumer = django(keys, "receive-group", "interop_room", "1")) {
      consumer.awaitReady();

      layer.groupSend("interop_room", everyType("Spring to Django")).join();

      assertThat(consumer.awaitMessage())
          .as("Spring group send -> Django consumer (%s)", label)
          .isEqualTo(everyType("Spring to Django"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encryption")
  void aDjangoGroupSendReachesASpringConsumer(String label, List<String> keys) throws Exception {
    RedisChannelLayer layer = spring(keys);
    String channel = layer.newChannel();
    layer.groupAdd("interop_room", channel).join();

    try (DjangoPeer sender =
        django(keys, "group-send", "interop_room", DjangoPeer.hex(everyType("Django to Spring")))) {
      sender.awaitSent();
    }

    assertThat(layer.blocking().receive(channel, Duration.ofSeconds(20)))
        .as("Django group send -> Spring consumer (%s)", label)
        .contains(everyType("Django to Spring"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encryption")
  void aSpringDirectSendReachesADjangoProcessLocalChannel(String label, List<String> keys)
      throws Exception {
    RedisChannelLayer layer = spring(keys);
    try (DjangoPeer consumer = django(keys, "receive", "1")) {
      String channel = consumer.awaitReady();

      layer.send(channel, everyType("direct to Django")).join();

      assertThat(consumer.awaitMessage())
          .as("Spring send -> Django process-local channel (%s)", label)
          .isEqualTo(everyType("direct to Django"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encryption")
  void aDjangoDirectSendReachesASpringProcessLocalChannel(String label, List<String> keys)
      throws Exception {
    RedisChannelLayer layer = spring(keys);
    String channel = layer.newChannel();

    try (DjangoPeer sender =
        django(keys, "send", channel, DjangoPeer.hex(everyType("direct to Spring")))) {
      sender.awaitSent();
    }

    assertThat(layer.blocking().receive(channel, Duration.ofSeconds(20)))
        .as("Django send -> Spring process-local channel (%s)", label)
        .contains(everyType("direct to Spring"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encryption")
  void aDjangoDirectSendWhoseDataUsesTheGroupKeysReachesOnlyItsSpringTargetIntact(
      String label, List<String> keys) throws Exception {
    RedisChannelLayer layer = spring(keys);
    String target = layer.newChannel();
    String bystander = layer.newChannel();
    layer.groupAdd("interop_room", target).join();
    layer.groupAdd("interop_room", bystander).join();
    Message userData =
        Message.builder("chat.message")
            .put("__asgi_group__", "interop_room")
            .put("__asgi_group_version__", "forged.1")
            .put("message", "user data forwarded by Django")
            .build();

    try (DjangoPeer sender = django(keys, "send", target, DjangoPeer.hex(userData))) {
      sender.awaitSent();
    }
    layer.groupSend("interop_room", Message.of("chat.message", "message", "next")).join();

    assertThat(layer.blocking().receive(target, Duration.ofSeconds(20)))
        .as("Django send with group keys -> its Spring target (%s)", label)
        .contains(userData);
    assertThat(layer.blocking().receive(bystander, Duration.ofSeconds(20)))
        .as("the target's fellow member gets only the group message (%s)", label)
        .contains(Message.of("chat.message", "message", "next"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encryption")
  void oneGroupOfSpringAndDjangoMembersHearsBothSides(String label, List<String> keys)
      throws Exception {
    RedisChannelLayer layer = spring(keys);
    String springMember = layer.newChannel();
    layer.groupAdd("interop_mixed", springMember).join();
    try (DjangoPeer djangoMember = django(keys, "receive-group", "interop_mixed", "2")) {
      djangoMember.awaitReady();

      layer.groupSend("interop_mixed", Message.of("chat.message", "message", "from Spring")).join();
      try (DjangoPeer sender =
          django(
              keys,
              "group-send",
              "interop_mixed",
              DjangoPeer.hex(Message.of("chat.message", "message", "from Django")))) {
        sender.awaitSent();
      }

      assertThat(List.of(djangoMember.awaitMessage(), djangoMember.awaitMessage()))
          .as("Django member of a mixed group (%s)", label)
          .containsExactly(
              Message.of("chat.message", "message", "from Spring"),
              Message.of("chat.message", "message", "from Django"));
      assertThat(layer.blocking().receive(springMember, Duration.ofSeconds(20)))
          .as("Spring member of a mixed group, first message (%s)", label)
          .contains(Message.of("chat.message", "message", "from Spring"));
      assertThat(layer.blocking().receive(springMember, Duration.ofSeconds(20)))
          .as("Spring member of a mixed group, second message (%s)", label)
          .contains(Message.of("chat.message", "message", "from Django"));
    }
  }
}
