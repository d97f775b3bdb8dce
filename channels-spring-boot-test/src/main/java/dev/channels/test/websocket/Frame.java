package dev.channels.test.websocket;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/** One whole frame from the server: text or binary. */
record Frame(@Nullable String text, byte @Nullable [] bytes) {

  static Frame ofText(String text) {
    return new Frame(text, null);
  }

  static Frame ofBinary(byte[] bytes) {
    return new Frame(null, bytes);
  }

  @Override
  public String text() {
    if (text == null) {
      throw new AssertionError("Expected a text frame, but got " + this);
    }
    return text;
  }

  byte[] binary() {
    if (bytes == null) {
      throw new AssertionError("Expected a binary frame, but got " + this);
    }
    return bytes.clone();
  }

  @Override
  public String toString() {
    if (text != null) {
      return "the text frame \"" + shorten(text) + "\"";
    }
    byte[] shown = bytes == null ? new byte[0] : bytes;
    String hex = HexFormat.of().formatHex(shown, 0, Math.min(shown.length, 32));
    return "a binary frame of %d bytes (%s%s)"
        .formatted(shown.length, hex, shown.length > 32 ? "..." : "");
  }

  private static String shorten(String text) {
    return text.length() <= 200
        ? text
        : text.substring(0, 200)
            + "... ("
            + text.getBytes(StandardCharsets.UTF_8).length
            + " bytes)";
  }
}
