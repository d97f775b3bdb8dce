package dev.channels.internal;

/**
 * Lone surrogates: half of a UTF-16 pair, with no other half. UTF-8 cannot encode one, Python's
 * msgpack refuses one, and Java's encoder would silently write '?' instead, so messages refuse
 * them.
 */
public final class LoneSurrogates {

  private LoneSurrogates() {}

  /**
   * The index of the first lone surrogate in {@code text} (a high surrogate without a low one after
   * it, or a low one without a high one before it), or -1 if there is none.
   */
  public static int indexIn(String text) {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** Why the lone surrogate at {@code index} of {@code text} is refused, and what to do. */
  public static String problem(String text, int index) {
    return "which holds a lone surrogate (U+%04X at index %d): UTF-8 cannot encode it, and Python's msgpack refuses it. Remove it, or pair it: a high surrogate (U+D800 to U+DBFF) followed by a low one (U+DC00 to U+DFFF)."
        .formatted((int) text.charAt(index), index);
  }

  /** {@code text} with its surrogates shown as escapes, so an error message stays well-formed. */
  public static String escaped(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(Character.isSurrogate(c) ? "\\u%04X".formatted((int) c) : String.valueOf(c));
    }
    return out.toString();
  }
}
