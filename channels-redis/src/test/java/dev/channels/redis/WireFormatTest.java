package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.ChannelLayerSettings;
import dev.channels.MalformedMessageException;
import dev.channels.Message;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pieces of channels_redis's format, checked against bytes and numbers made by Python. */
class WireFormatTest {

  private static String resource(String name) throws IOException {
    try (InputStream in = WireFormatTest.class.getResourceAsStream("/vectors/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static Stream<Arguments> shardVectors() throws IOException {
    return Arrays.stream(resource("shard-vectors.txt").split("\n"))
        .filter(line -> !line.startsWith("#") && !line.isBlank())
        .map(line -> line.split("\t"))
        .map(
            parts ->
                Arguments.of(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
  }

  @ParameterizedTest(name = "{0} on {1} hosts -> {2}")
  @MethodSource("shardVectors")
  void placesNamesOnHostsAsChannelsRedisDoes(String name, int ringSize, int index) {
    assertThat(ShardRing.index(name, ringSize)).isEqualTo(index);
  }

  static Stream<Arguments> envelopeVectors() throws IOException {
    return Arrays.stream(resource("envelope-vectors.txt").split("\n"))
        .filter(line -> line.startsWith("local_envelope") || line.startsWith("group_envelope"))
        .map(line -> line.split(" "))
        .map(parts -> Arguments.of(parts[0], HexFormat.of().parseHex(parts[2])));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("envelopeVectors")
  void wrapsMessagesForProcessLocalChannelsAsPythonDoes(String name, byte[] python) {
    Message message = Message.of("chat.message", "message", "hi");

    byte[] ours =
        name.equals("local_envelope")
            ? Envelopes.toChannel(message, "specific.abc!def")
            : Envelopes.of(message)
                .toChannels(2, concat(encoded("specific.abc!def"), encoded("specific.abc!ghi")), 0);

    assertThat(ours).isEqualTo(python);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("envelopeVectors")
  void readsPythonsEnvelopesAndTheirTargets(String name, byte[] python) {
    Envelope.Routed routed = Envelope.decode(python, 0, python.length, true);

    assertThat(routed.message()).isEqualTo(Message.of("chat.message", "message", "hi"));
    assertThat(routed.targets())
        .isEqualTo(
            name.equals("local_envelope")
                ? List.of("specific.abc!def")
                : List.of("specific.abc!def", "specific.abc!ghi"));
  }

  @Test
  void aGroupEnvelopeBetweenSpringInstancesCarriesTheGroupAndVersion() {
    byte[] bytes = Envelopes.of(Message.of("chat.message")).toGroup("lobby", "tok.7", 0);

    Envelope.Routed routed = Envelope.decode(bytes, 0, bytes.length, true);

    assertThat(routed.group()).isEqualTo("lobby");
    assertThat(routed.version()).isEqualTo("tok.7");
    assertThat(routed.message()).isEqualTo(Message.of("chat.message"));
  }

  /** User data that happens to use the group envelope's keys, as a Django app may forward. */
  static Message carryingGroupKeys() {
    return Message.builder("chat.message")
        .put("__asgi_group__", "lobby")
        .put("__asgi_group_version__", "tok.7")
        .put("message", "hi")
        .build();
  }

  @Test
  void groupKeysBesideAChannelTargetAreOrdinaryFields() {
    byte[] bytes = Envelopes.toChannel(carryingGroupKeys(), "specific.abc!def");

    Envelope.Routed routed = Envelope.decode(bytes, 0, bytes.length, true);

    assertThat(routed.group()).isNull();
    assertThat(routed.targets()).containsExactly("specific.abc!def");
    assertThat(routed.message()).isEqualTo(carryingGroupKeys());
  }

  @Test
  void groupKeysOutsideAnInstancesOwnQueueAreOrdinaryFields() {
    byte[] bytes = Envelopes.plain(carryingGroupKeys());

    Envelope.Routed routed = Envelope.decode(bytes, 0, bytes.length, false);

    assertThat(routed.group()).isNull();
    assertThat(routed.targets()).isEmpty();
    assertThat(routed.message()).isEqualTo(carryingGroupKeys());
  }

  @Test
  void aWrongRoutingKeyIsMalformed() {
    byte[] bytes = HexFormat.of().parseHex("82a474797065a178b05f5f617367695f6368616e6e656c5f5f07");

    assertThatThrownBy(() -> Envelope.decode(bytes, 0, bytes.length, true))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("'__asgi_channel__' must be a channel name or a list of them");
  }

  @Test
  void framingPrependsTwelveRandomBytesSoEqualMessagesStayDistinct() {
    Framing framing = new Framing(null, ChannelLayerSettings.DEFAULT_MAX_MESSAGE_SIZE);
    byte[] payload = Envelopes.plain(Message.of("t"));

    byte[] first = framing.frame(payload);
    byte[] second = framing.frame(payload);

    assertThat(first).hasSize(payload.length + 12).isNotEqualTo(second);
    assertThat(Arrays.copyOfRange(first, 12, first.length)).isEqualTo(payload);
    assertThat(framing.unframe(first, 0, true).message()).isEqualTo(Message.of("t"));
  }

  @Test
  void springInstanceQueuesAreToldFromDjangoOnes() {
    String spring = dev.channels.spi.ChannelIds.newInstanceId();
    String django = "3f2a9c1e7b4d4c8e9a1b2c3d4e5f6a7b"; // a uuid4 hex: '4' at position 13

    assertThat(dev.channels.spi.ChannelIds.isSpringQueue("specific." + spring + "!")).isTrue();
    assertThat(dev.channels.spi.ChannelIds.isSpringQueue("websocket.x." + spring + "!")).isTrue();
    assertThat(dev.channels.spi.ChannelIds.isSpringQueue("specific." + django + "!")).isFalse();
    assertThat(dev.channels.spi.ChannelIds.isSpringQueue("http.request")).isFalse();
  }

  static byte[] encoded(String name) {
    byte[] text = name.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[text.length + 1];
    out[0] = (byte) (0xa0 | text.length);
    System.arraycopy(text, 0, out, 1, text.length);
    return out;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
