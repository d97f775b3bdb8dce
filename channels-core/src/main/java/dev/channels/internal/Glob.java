package dev.channels.internal;

import java.util.regex.Pattern;

/**
 * A shell-style pattern with Python's {@code fnmatch} meaning, as Django uses for {@code
 * channel_capacity}: {@code *} matches any run, {@code ?} one character, {@code [seq]} a character
 * of seq and {@code [!seq]} one outside it; the whole name must match.
 */
public final class Glob {

  private final String pattern;
  private final Pattern regex;

  private Glob(String pattern) {
    this.pattern = pattern;
    this.regex = Pattern.compile(translate(pattern), Pattern.DOTALL);
  }

  /** Compiles {@code pattern}. */
  public static Glob compile(String pattern) {
    return new Glob(pattern);
  }

  /** Whether the whole of {@code name} matches. */
  public boolean matches(String name) {
    return regex.matcher(name).matches();
  }

  /** The pattern as written. */
  public String pattern() {
    return pattern;
  }

  @Override
  public String toString() {
    return pattern;
  }

  // Follows CPython's fnmatch.translate: an unclosed '[' is a literal, ']' right after '[' or
  // '[!' belongs to the set, and '!' opening a set negates it.
  private static String translate(String pattern) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    int n = pattern.length();
    while (i < n) {
      char c = pattern.charAt(i++);
      if (c == '*') {
        out.append(".*");
      } else if (c == '?') {
        out.append('.');
      } else if (c == '[') {
        int end = closingBracket(pattern, i);
        if (end < 0) {
          out.append("\\[");
        } else {
          out.append(characterClass(pattern.substring(i, end)));
          i = end + 1;
        }
      } else {
        out.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return out.toString();
  }

  private static int closingBracket(String pattern, int start) {
    int j = start;
    if (j < pattern.length() && pattern.charAt(j) == '!') {
      j++;
    }
    if (j < pattern.length() && pattern.charAt(j) == ']') {
      j++;
    }
    return pattern.indexOf(']', j);
  }

  private static String characterClass(String body) {
    StringBuilder out = new StringBuilder("[");
    int start = 0;
    if (body.startsWith("!")) {
      out.append('^');
      start = 1;
    }
    for (int k = start; k < body.length(); k++) {
      char c = body.charAt(k);
      // Escape what a Java character class would otherwise interpret, keeping ranges (a-z).
      if ("\\[]&^".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append(']').toString();
  }
}
