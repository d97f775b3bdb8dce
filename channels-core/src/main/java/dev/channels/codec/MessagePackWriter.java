package dev.channels.codec;

import dev.channels.internal.ReadOnlyValues;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes MessagePack as Python's {@code msgpack.packb(use_bin_type=True)} does, into one array
 * sized up front from the exact encoded size: no intermediate buffers, no copies. For backends that
 * wrap messages in envelopes; {@link MessagePackCodec#encode} uses it for whole messages.
 */
public final class MessagePackWriter {

  private final byte[] bytes;
  private int position;

  private MessagePackWriter(int capacity) {
    this.bytes = new byte[capacity];
  }

  /** A writer for exactly {@code size} bytes; {@link #toByteArray()} returns its array. */
  public static MessagePackWriter ofSize(long size) {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a MessagePack value of " + size + " bytes is too large");
    }
    return new MessagePackWriter((int) size);
  }

  /** The encoded size of a normalized message value, such as a message's map. */
  public static long sizeOf(@Nullable Object value) {
    return EncodedSize.of(value);
  }

  /** The encoded size of a string. */
  public static long sizeOfString(String text) {
    return EncodedSize.stringSize(text);
  }

  /** The size of a map or array header for {@code entries} entries. */
  public static int sizeOfHeader(int entries) {
    return entries < 16 ? 1 : entries < 65536 ? 3 : 5;
  }

  /** Writes a map header for {@code entries} key-value pairs. */
  public MessagePackWriter mapHeader(int entries) {
    return header(entries, 0x80, 0xde, 0xdf);
  }

  /** Writes an array header for {@code entries} elements. */
  public MessagePackWriter arrayHeader(int entries) {
    return header(entries, 0x90, 0xdc, 0xdd);
  }

  /** Leaves the next {@code count} bytes as they are (zero), for the caller to fill later. */
  public MessagePackWriter skip(int count) {
    position += count;
    return this;
  }

  /** Writes bytes that are already MessagePack. */
  public MessagePackWriter raw(byte[] encoded) {
    System.arraycopy(encoded, 0, bytes, position, encoded.length);
    position += encoded.length;
    return this;
  }

  /**
   * Writes a string in the str family.
   *
   * @throws dev.channels.InvalidMessageException if it holds a lone surrogate, which UTF-8 cannot
   *     encode
   */
  public MessagePackWriter string(String text) {
    int length = text.length();
    if (isAscii(text)) {
      strHeader(length);
      for (int i = 0; i < length; i++) {
        bytes[position++] = (byte) text.charAt(i);
      }
      return this;
    }
    strHeader((int) Utf8.length(text));
    position = Utf8.encode(text, bytes, position);
    return this;
  }

  /** Writes a normalized message value (as a {@code Message} holds them). */
  public MessagePackWriter value(@Nullable Object value) {
    value = ReadOnlyValues.unwrap(value);
    if (value == null) {
      return put(0xc0);
    } else if (value instanceof String text) {
      return string(text);
    } else if (value instanceof Long number) {
      return integer(number);
    } else if (value instanceof Double number) {
      put(0xcb);
      return bigEndian(Double.doubleToRawLongBits(number), 8);
    } else if (value instanceof Boolean flag) {
      return put(flag ? 0xc3 : 0xc2);
    } else if (value instanceof byte[] binary) {
      binHeader(binary.length);
      return raw(binary);
    } else if (value instanceof Map<?, ?> map) {
      mapHeader(map.size());
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        string((String) entry.getKey());
        value(entry.getValue());
      }
      return this;
    } else if (value instanceof List<?> list) {
      arrayHeader(list.size());
      for (Object element : list) {
        value(element);
      }
      return this;
    }
    throw new IllegalArgumentException("not a normalized message value: " + value.getClass());
  }

  /** The bytes written; the writer's own array when it was sized exactly. */
  public byte[] toByteArray() {
    return position == bytes.length ? bytes : Arrays.copyOf(bytes, position);
  }

  // Python's msgpack picks the smallest form: fixint, then uint8..64 or int8..64.
  private MessagePackWriter integer(long value) {
    if (value >= -32 && value < 128) {
      return put((int) value & 0xff);
    }
    if (value >= 0) {
      if (value < 256) {
        return put(0xcc).put((int) value);
      }
      if (value < 65536) {
        put(0xcd);
        return bigEndian(value, 2);
      }
      if (value < (1L << 32)) {
        put(0xce);
        return bigEndian(value, 4);
      }
      put(0xcf);
      return bigEndian(value, 8);
    }
    if (value >= -128) {
      return put(0xd0).put((int) value & 0xff);
    }
    if (value >= -32768) {
      put(0xd1);
      return bigEndian(value, 2);
    }
    if (value >= Integer.MIN_VALUE) {
      put(0xd2);
      return bigEndian(value, 4);
    }
    put(0xd3);
    return bigEndian(value, 8);
  }

  private void strHeader(int length) {
    if (length < 32) {
      put(0xa0 | length);
    } else if (length < 256) {
      put(0xd9).put(length);
    } else if (length < 65536) {
      put(0xda);
      bigEndian(length, 2);
    } else {
      put(0xdb);
      bigEndian(length, 4);
    }
  }

  private void binHeader(int length) {
    if (length < 256) {
      put(0xc4).put(length);
    } else if (length < 65536) {
      put(0xc5);
      bigEndian(length, 2);
    } else {
      put(0xc6);
      bigEndian(length, 4);
    }
  }

  private MessagePackWriter header(int entries, int fix, int sixteen, int thirtyTwo) {
    if (entries < 16) {
      return put(fix | entries);
    }
    if (entries < 65536) {
      put(sixteen);
      return bigEndian(entries, 2);
    }
    put(thirtyTwo);
    return bigEndian(entries, 4);
  }

  private MessagePackWriter put(int b) {
    bytes[position++] = (byte) b;
    return this;
  }

  private MessagePackWriter bigEndian(long value, int width) {
    for (int shift = 8 * (width - 1); shift >= 0; shift -= 8) {
      bytes[position++] = (byte) (value >>> shift);
    }
    return this;
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
