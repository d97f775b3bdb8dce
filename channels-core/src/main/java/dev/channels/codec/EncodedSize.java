package dev.channels.codec;

import dev.channels.internal.ReadOnlyValues;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Computes MessagePack encoded sizes with the same format choices as {@link MessagePackCodec}. */
final class EncodedSize {

  private EncodedSize() {}

  static long of(@Nullable Object value) {
    value = ReadOnlyValues.unwrap(value);
    if (value == null || value instanceof Boolean) {
      return 1;
    }
    if (value instanceof String text) {
      return stringSize(text);
    }
    if (value instanceof Long number) {
      return integerSize(number);
    }
    if (value instanceof Double) {
      return 9;
    }
    if (value instanceof byte[] bytes) {
      return binaryHeaderSize(bytes.length) + bytes.length;
    }
    if (value instanceof Map<?, ?> map) {
      long size = containerHeaderSize(map.size());
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        size += stringSize((String) entry.getKey()) + of(entry.getValue());
      }
      return size;
    }
    if (value instanceof List<?> list) {
      long size = containerHeaderSize(list.size());
      for (Object element : list) {
        size += of(element);
      }
      return size;
    }
    throw new IllegalArgumentException("not a normalized message value: " + value.getClass());
  }

  static long stringSize(String text) {
    long length = Utf8.length(text);
    if (length < 32) {
      return 1 + length;
    }
    if (length < 256) {
      return 2 + length;
    }
    return (length < 65536 ? 3 : 5) + length;
  }

  static int integerSize(long value) {
    if (value >= -32 && value < 128) {
      return 1;
    }
    if (value >= -128 && value < 256) {
      return 2;
    }
    if (value >= -32768 && value < 65536) {
      return 3;
    }
    if (value >= Integer.MIN_VALUE && value < (1L << 32)) {
      return 5;
    }
    return 9;
  }

  private static int binaryHeaderSize(int length) {
    return length < 256 ? 2 : length < 65536 ? 3 : 5;
  }

  private static int containerHeaderSize(int size) {
    return size < 16 ? 1 : size < 65536 ? 3 : 5;
  }
}
