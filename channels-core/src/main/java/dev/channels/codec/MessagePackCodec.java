package dev.channels.codec;

import dev.channels.InvalidMessageException;
import dev.channels.MalformedMessageException;
import dev.channels.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * Encodes messages as Python's {@code msgpack.packb(use_bin_type=True)} does: strings in the str
 * family, byte arrays in the bin family, integers in their smallest form, floating point numbers as
 * float64, maps in their order. Decoding is strict: malformed input, extension types, integers
 * outside the signed 64-bit range, invalid UTF-8 and trailing bytes all fail with a {@link
 * MalformedMessageException}.
 */
public final class MessagePackCodec {

  private MessagePackCodec() {}

  /** The MessagePack bytes of {@code message}. */
  public static byte[] encode(Message message) {
    // The exact size is cheap to compute, and spares the packer its default 8 KiB buffer.
    int size = (int) Math.min(EncodedSize.of(message.asMap()), Integer.MAX_VALUE - 8);
    MessageBufferPacker packer =
        new MessagePack.PackerConfig().withBufferSize(size).newBufferPacker();
    try {
      packValue(packer, message.asMap());
      return packer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory packing cannot fail", e);
    }
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
    Decoder decoder = new Decoder(bytes, offset, length);
    return decoder.toMessage(decoder.readTopLevelMap());
  }

  /**
   * Decodes the top-level map of a message without checking it is one, for envelopes that carry
   * extra fields (such as {@code __asgi_channel__}) to strip first.
   *
   * @throws MalformedMessageException if the bytes are not exactly one MessagePack map with string
   *     keys and message values
   */
  public static Map<String, @Nullable Object> decodeFields(byte[] bytes, int offset, int length) {
    return new Decoder(bytes, offset, length).readTopLevelMap();
  }

  /** Builds a message from decoded fields, reporting an invalid one as malformed input. */
  public static Message toMessage(Map<String, @Nullable Object> fields) {
    try {
      return Message.of(fields);
    } catch (InvalidMessageException e) {
      throw new MalformedMessageException(
          "Cannot decode message: the map is not a valid message. " + e.getMessage(), e);
    }
  }

  /**
   * Writes one normalized message value (as held by a {@link Message}) to {@code packer}. Exposed
   * for backends that wrap a message in an envelope.
   */
  public static void packValue(MessagePacker packer, @Nullable Object value) throws IOException {
    if (value == null) {
      packer.packNil();
    } else if (value instanceof String text) {
      packer.packString(text);
    } else if (value instanceof Long number) {
      packer.packLong(number);
    } else if (value instanceof Double number) {
      packer.packDouble(number);
    } else if (value instanceof Boolean flag) {
      packer.packBoolean(flag);
    } else if (value instanceof byte[] bytes) {
      packer.packBinaryHeader(bytes.length);
      packer.writePayload(bytes);
    } else if (value instanceof Map<?, ?> map) {
      packer.packMapHeader(map.size());
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        packer.packString((String) entry.getKey());
        packValue(packer, entry.getValue());
      }
    } else if (value instanceof List<?> list) {
      packer.packArrayHeader(list.size());
      for (Object element : list) {
        packValue(packer, element);
      }
    } else {
      // Unreachable for values taken from a Message, which normalizes them when it is built.
      throw new IllegalArgumentException("not a normalized message value: " + value.getClass());
    }
  }
}
