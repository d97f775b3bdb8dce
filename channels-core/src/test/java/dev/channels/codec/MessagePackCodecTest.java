package dev.channels.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.InvalidMessageException;
import dev.channels.MalformedMessageException;
import dev.channels.Message;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessagePackCodecTest {

  static Stream<Arguments> malformedInputs() {
    return Stream.of(
        Arguments.of("", "the input is empty"),
        Arguments.of("93010203", "must be a MessagePack map, but the input holds a array value"),
        Arguments.of("2a", "must be a MessagePack map"),
        Arguments.of("81a474797065", "malformed"),
        Arguments.of("81a474797065a17800", "1 bytes follow the message"),
        Arguments.of("82a474797065a178a178d40100", "extension types"),
        Arguments.of("82a474797065a178a178cfffffffffffffffff", "signed 64-bit range"),
        Arguments.of("82a474797065a178a178a2c328", "not valid UTF-8"),
        Arguments.of("82a474797065a178a178a3eda080", "not valid UTF-8"),
        Arguments.of("82a474797065a1780102", "map keys must be strings"),
        Arguments.of("82a474797065a178a178c1", "malformed"),
        Arguments.of("82a474797065a178a178db7fffffff", "only 0 bytes are left"),
        Arguments.of("82a474797065a178a178c67fffffff", "only 0 bytes are left"),
        Arguments.of("82a474797065a178a178dfffffffff", "only 0 bytes are left"),
        Arguments.of("82a474797065a178a178ddffffffff", "only 0 bytes are left"),
        Arguments.of("81a16ba176", "no 'type'"),
        Arguments.of("81a47479706501", "'type' that is a java.lang.Long"),
        Arguments.of("82a474797065a178b05f5f617367695f6368616e6e656c5f5fa0", "reserve"));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("malformedInputs")
  void refusesMalformedInputWithACodecException(String hex, String problem) {
    byte[] input = HexFormat.of().parseHex(hex);

    assertThatThrownBy(() -> MessagePackCodec.decode(input))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("Cannot decode message (%d bytes)".formatted(input.length))
        .hasMessageContaining(problem);
  }

  @Test
  void refusesNestingDeeperThanTheLimit() {
    byte[] deep = new byte[300 + 9];
    byte[] head = HexFormat.of().parseHex("82a474797065a178a178");
    System.arraycopy(head, 0, deep, 0, head.length - 1);
    for (int i = head.length - 1; i < deep.length - 1; i++) {
      deep[i] = (byte) 0x91;
    }
    deep[deep.length - 1] = (byte) 0x90;
    System.arraycopy(head, 0, deep, 0, head.length);

    assertThatThrownBy(() -> MessagePackCodec.decode(deep))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("nested deeper than 256 levels");
  }

  @Test
  void readsFloat32AsADouble() {
    // Python never writes float32, but other MessagePack writers do.
    byte[] float32 = HexFormat.of().parseHex("82a474797065a178a166ca3fc00000");

    assertThat(MessagePackCodec.decode(float32).get("f")).isEqualTo(1.5d);
  }

  @Test
  void decodesASliceOfALargerArray() {
    byte[] encoded = MessagePackCodec.encode(Message.of("chat.message", "message", "hi"));
    byte[] padded = new byte[encoded.length + 20];
    System.arraycopy(encoded, 0, padded, 12, encoded.length);

    assertThat(MessagePackCodec.decode(padded, 12, encoded.length))
        .isEqualTo(Message.of("chat.message", "message", "hi"));
  }

  @Test
  void refusesToWriteOrSizeAStringWithALoneSurrogate() {
    MessagePackWriter writer = MessagePackWriter.ofSize(16);

    assertThatThrownBy(() -> writer.string("a\uD800b"))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageContaining("lone surrogate (U+D800 at index 1)");
    assertThatThrownBy(() -> MessagePackWriter.sizeOfString("\uDFFFz"))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageContaining("lone surrogate (U+DFFF at index 0)");
  }

  @Test
  void writesEveryUtf8LengthAsJavaEncodesIt() {
    String text = "a\u00e9\u20ac\ud83c\udf89";
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);

    byte[] written = MessagePackWriter.ofSize(1 + utf8.length).string(text).toByteArray();

    assertThat(written).startsWith((byte) (0xa0 | utf8.length)).endsWith(utf8);
    assertThat(MessagePackWriter.sizeOfString(text)).isEqualTo(written.length);
  }

  @Test
  void decodingWithALimitRefusesLargerInputBeforeReadingIt() {
    byte[] encoded = MessagePackCodec.encode(Message.of("chat.message", "message", "hi"));
    byte[] garbage = new byte[encoded.length + 1];

    assertThat(MessagePackCodec.decode(encoded, 0, encoded.length, encoded.length))
        .isEqualTo(Message.of("chat.message", "message", "hi"));
    assertThat(MessagePackCodec.decodeFields(encoded, 0, encoded.length, encoded.length))
        .containsEntry("message", "hi");
    assertThatThrownBy(() -> MessagePackCodec.decode(garbage, 0, garbage.length, encoded.length))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessage(
            "Cannot decode message (%d bytes): it is larger than the limit of %d bytes, so none of it was read. The sender must send smaller messages, or the reader raise its limit (max-message-size)."
                .formatted(garbage.length, encoded.length));
    assertThatThrownBy(
            () -> MessagePackCodec.decodeFields(garbage, 0, garbage.length, encoded.length))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("larger than the limit");
  }

  @Test
  void theWriterReadsAMessagesOwnMapWithoutChangingIt() {
    Message message = Message.of("t", "nested", List.of(Map.of("b", new byte[] {1, 2})));

    byte[] written =
        MessagePackWriter.ofSize(MessagePackWriter.sizeOf(message.asMap()))
            .value(message.asMap())
            .toByteArray();

    assertThat(written).isEqualTo(MessagePackCodec.encode(message));
  }
}
