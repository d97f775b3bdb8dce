package dev.channels.internal;

/**
 * Reads the inside of a bracket expression as Python's {@code re} parser does (its character set
 * loop in {@code re/_parser.py}), for the sets {@code fnmatch} writes: literals, escaped literals,
 * ranges, a leading {@code ^}. Writes the same set for {@code java.util.regex}, every character as
 * an escape, so no character means anything to Java.
 */
final class PythonCharacterSet {

  private final int[] source;
  private int position;

  private PythonCharacterSet(String set) {
    this.source = set.codePoints().toArray();
  }

  /** The Java character class for Python's {@code [set]}. */
  static String toRegex(String set) {
    return new PythonCharacterSet(set).read();
  }

  private String read() {
    StringBuilder out = new StringBuilder("[");
    if (position < source.length && source[position] == '^') {
      position++;
      out.append('^');
    }
    boolean empty = true;
    while (position < source.length) {
      // Python ends the set at a ']' that is not its first item; fnmatch writes none.
      if (!empty && source[position] == ']') {
        throw new IllegalArgumentException("a ']' ends the set before its end");
      }
      int low = next();
      if (position < source.length && source[position] == '-') {
        position++;
        if (position < source.length && source[position] == ']') {
          throw new IllegalArgumentException("a ']' ends the set inside a range");
        }
        if (position == source.length) {
          // "a-" at the end: both literal, as Python reads "[a-]".
          out.append(FnmatchTranslation.literal(low)).append(FnmatchTranslation.literal('-'));
        } else {
          out.append(range(low, next()));
        }
      } else {
        out.append(FnmatchTranslation.literal(low));
      }
      empty = false;
    }
    if (empty) {
      throw new IllegalArgumentException("the set is empty");
    }
    return out.append(']').toString();
  }

  // One character: a literal, or a backslash and the non-alphanumeric character it escapes.
  private int next() {
    int c = source[position++];
    if (c != '\\') {
      return c;
    }
    if (position == source.length || Character.isLetterOrDigit(source[position])) {
      throw new IllegalArgumentException("an escape Python would read as a class");
    }
    return source[position++];
  }

  private static String range(int low, int high) {
    if (high < low) {
      throw new IllegalArgumentException("a reversed range");
    }
    return FnmatchTranslation.literal(low) + "-" + FnmatchTranslation.literal(high);
  }
}
