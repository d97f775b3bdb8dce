package dev.channels.codec;

import dev.channels.MalformedMessageException;
import dev.channels.Message;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Encodes messages as Python's {@code msgpack.packb(use_bin_type=True)} does: strings in the str
 * family, byte arrays in the bin family, integers in their smallest form, floating point numbers as
 * float64, maps in their order. Decoding is strict: malformed input, extension types, integers
 * outside the signed 64-bit range, invalid UTF-8, trailing bytes and (where a limit is given) input
 * over the limit all fail with a {@link MalformedMessageException}.
 */
public final class MessagePackCodec {

  private MessagePackCodec() {}

  /** The MessagePack bytes of {@code message}. */
  public static byte[] encode(Message message) {
    Map<String, @Nullable Object> fields = message.asMap();
    return MessagePackWriter.ofSize(EncodedSize.of(fields)).value(fields).toByteArray();
  }

  /**
   * The exact number of bytes {@link #encode} produces for {@code message}, computed without
   * encoding it.
   */
  public static long encodedSize(Message message) {
    return EncodedSize.of(message.asMap());
  }

  /**
   * Decodes one message that fills {@code bytes}.
   *
   * @throws MalformedMessageException if the bytes are not exactly one valid message
   */
  public static Message decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /**
   * Decodes one message that fills {@code length} bytes of {@code bytes} from {@code offset}.
   *
   * @throws MalformedMessageException if the bytes are not exactly one valid message
   */
  public static Message decode(byte[] bytes, int offset, int length) {
    try (Decoder decoder = new Decoder(bytes, offset, length)) {
      return decoder.toMessage(decoder.readTopLevelMap());
    }
  }

  /**
   * Decodes one message that fills {@code length} bytes of {@code bytes} from {@code offset},
   * unless that is more than {@code maxSize} bytes: larger input is refused before any of it is
   * read.
   *
   * @throws MalformedMessageException if the input is larger than {@code maxSize}, or is not
   *     exactly one valid message
   * @throws IllegalArgumentException if {@code maxSize} is negative
   */
  public static Message decode(byte[] bytes, int offset, int length, long maxSize) {
    requireWithin(length, maxSize);
    return decode(bytes, offset, length);
  }

  /**
   * Decodes the top-level map of a message without checking it is one, for envelopes that carry
   * extra fields (such as {@code __asgi_channel__}) to strip first. The map, and the maps and lists
   * in it, are new and the caller's own.
   *
   * @throws MalformedMessageException if the bytes are not exactly one MessagePack map with string
   *     keys and message values
   */
  public static Map<String, @Nullable Object> decodeFields(byte[] bytes, int offset, int length) {
    try (Decoder decoder = new Decoder(bytes, offset, length)) {
      return decoder.readTopLevelMap();
    }
  }

  /**
   * Like {@link #decodeFields(byte[], int, int)}, but refuses input of more than {@code maxSize}
   * bytes before any of it is read.
   *
   * @throws MalformedMessageException if the input is larger than {@code maxSize}, or is not
   *     exactly one MessagePack map with string keys and message values
   * @throws IllegalArgumentException if {@code maxSize} is negative
   */
  public static Map<String, @Nullable Object> decodeFields(
      byte[] bytes, int offset, int length, long maxSize) {
    requireWithin(length, maxSize);
    return decodeFields(bytes, offset, length);
  }

  private static void requireWithin(int length, long maxSize) {
    if (maxSize < 0) {
      throw new IllegalArgumentException("maxSize must not be negative, but was " + maxSize);
    }
    if (length > maxSize) {
      throw new MalformedMessageException(
          "Cannot decode message (%d bytes): it is larger than the limit of %d bytes, so none of it was read. The sender must send smaller messages, or the reader raise its limit (max-message-size)."
              .formatted(length, maxSize));
    }
  }
}
