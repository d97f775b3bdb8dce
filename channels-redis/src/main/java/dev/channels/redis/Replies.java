package dev.channels.redis;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** Values in script replies, which arrive as byte arrays (bulk strings) or longs (integers). */
final class Replies {

  private Replies() {}

  static String text(@Nullable Object value) {
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return value == null ? "" : value.toString();
  }

  static byte[] bytes(@Nullable Object value) {
    if (value instanceof byte[] bytes) {
      return bytes;
    }
    return value == null ? new byte[0] : value.toString().getBytes(StandardCharsets.UTF_8);
  }
}
