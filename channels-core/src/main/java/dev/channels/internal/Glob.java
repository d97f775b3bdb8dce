package dev.channels.internal;

import java.util.regex.Pattern;

/**
 * A shell-style pattern with Python's {@code fnmatch} meaning, as Django uses for {@code
 * channel_capacity}: {@code *} matches any run, {@code ?} one character, {@code [seq]} a character
 * of seq and {@code [!seq]} one outside it; the whole name must match. Odd patterns mean what they
 * mean in Python: an unclosed {@code [} is a literal, an empty range such as {@code [z-a]} matches
 * nothing, {@code [!z-a]} any one character.
 */
public final class Glob {

  private final String pattern;
  private final Pattern regex;

  private Glob(String pattern, Pattern regex) {
    this.pattern = pattern;
    this.regex = regex;
  }

  /**
   * Compiles {@code pattern}.
   *
   * @throws IllegalArgumentException if it cannot be translated; Python translates every pattern,
   *     so that would be a pattern this translation gets wrong
   */
  public static Glob compile(String pattern) {
    try {
      return new Glob(
          pattern, Pattern.compile(FnmatchTranslation.toRegex(pattern), Pattern.DOTALL));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot translate the glob '%s' (%s)".formatted(pattern, e.getMessage()), e);
    }
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
}
