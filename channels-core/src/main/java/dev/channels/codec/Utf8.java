package dev.channels.codec;

import dev.channels.InvalidMessageException;
import dev.channels.internal.LoneSurrogates;

/**
 * UTF-8 as Python's msgpack writes it: strict, so a lone surrogate, which UTF-8 cannot encode, is
 * refused rather than replaced. Messages never hold one ({@code Message} refuses it when built);
 * this guards strings written to a {@link MessagePackWriter} directly.
 */
final class Utf8 {

  private Utf8() {}

  /** The number of bytes {@code text} takes in UTF-8. */
  static long length(String text) {
    long length = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (!Character.isSurrogate(c)) {
        length += 3;
      } else if (isPairAt(text, i)) {
        length += 4;
        i++;
      } else {
        throw loneSurrogate(text, i);
      }
    }
    return length;
  }

  /**
   * Writes {@code text} as UTF-8 into {@code out} at {@code position}; returns the next position.
   */
  static int encode(String text, byte[] out, int position) {
    int p = position;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        out[p++] = (byte) c;
      } else if (c < 0x800) {
        out[p++] = (byte) (0xc0 | c >> 6);
        out[p++] = (byte) (0x80 | c & 0x3f);
      } else if (!Character.isSurrogate(c)) {
        out[p++] = (byte) (0xe0 | c >> 12);
        out[p++] = (byte) (0x80 | c >> 6 & 0x3f);
        out[p++] = (byte) (0x80 | c & 0x3f);
      } else if (isPairAt(text, i)) {
        int codePoint = Character.toCodePoint(c, text.charAt(++i));
        out[p++] = (byte) (0xf0 | codePoint >> 18);
        out[p++] = (byte) (0x80 | codePoint >> 12 & 0x3f);
        out[p++] = (byte) (0x80 | codePoint >> 6 & 0x3f);
        out[p++] = (byte) (0x80 | codePoint & 0x3f);
      } else {
        throw loneSurrogate(text, i);
      }
    }
    return p;
  }

  private static boolean isPairAt(String text, int i) {
    return Character.isHighSurrogate(text.charAt(i))
        && i + 1 < text.length()
        && Character.isLowSurrogate(text.charAt(i + 1));
  }

  private static InvalidMessageException loneSurrogate(String text, int index) {
    return new InvalidMessageException(
        "Cannot encode a String %s".formatted(LoneSurrogates.problem(text, index)));
  }
}
