package dev.channels.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * CPython 3.11's {@code fnmatch.translate}, written for {@code java.util.regex}. Python builds its
 * regex as text and leaves the bracket expressions to {@code re}; inside brackets Java's syntax
 * differs ({@code [} nests, {@code &&} intersects, a reversed range is an error rather than gone),
 * so each bracket expression is built as Python's text, read as Python's {@code re} reads it, and
 * written again with every character escaped. Code points stand for Python's characters.
 */
final class FnmatchTranslation {

  private FnmatchTranslation() {}

  /** The Java regex, to be matched whole with DOTALL, for the glob {@code pattern}. */
  static String toRegex(String pattern) {
    int[] pat = pattern.codePoints().toArray();
    int n = pat.length;
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < n) {
      int c = pat[i++];
      if (c == '*') {
        out.append(".*");
      } else if (c == '?') {
        out.append('.');
      } else if (c == '[') {
        int j = closingBracket(pat, i);
        if (j >= n) {
          out.append(literal('['));
        } else {
          out.append(bracket(pythonSet(pat, i, j)));
          i = j + 1;
        }
      } else {
        out.append(literal(c));
      }
    }
    return out.toString();
  }

  // A '!' and then a ']' right after the '[' belong to the set.
  private static int closingBracket(int[] pat, int start) {
    int j = start;
    if (j < pat.length && pat[j] == '!') {
      j++;
    }
    if (j < pat.length && pat[j] == ']') {
      j++;
    }
    while (j < pat.length && pat[j] != ']') {
      j++;
    }
    return j;
  }

  // The text fnmatch writes between '[' and ']' for pat[start:end], before its first-character
  // rules: literal '\' and '-' escaped, hyphens that make ranges kept, reversed ranges removed.
  private static String pythonSet(int[] pat, int start, int end) {
    String stuff = new String(pat, start, end - start);
    if (stuff.indexOf('-') < 0) {
      stuff = stuff.replace("\\", "\\\\");
    } else {
      List<String> chunks = rangeChunks(pat, start, end);
      stuff =
          chunks.stream()
              .map(chunk -> chunk.replace("\\", "\\\\").replace("-", "\\-"))
              .collect(Collectors.joining("-"));
    }
    return stuff.replaceAll("([&~|])", "\\\\$1");
  }

  private static List<String> rangeChunks(int[] pat, int start, int end) {
    List<String> chunks = new ArrayList<>();
    int i = start;
    int k = pat[i] == '!' ? i + 2 : i + 1;
    while ((k = find(pat, '-', k, end)) >= 0) {
      chunks.add(new String(pat, i, k - i));
      i = k + 1;
      k = k + 3;
    }
    String chunk = new String(pat, i, end - i);
    if (chunk.isEmpty()) {
      chunks.set(chunks.size() - 1, chunks.get(chunks.size() - 1) + "-");
    } else {
      chunks.add(chunk);
    }
    // Remove empty ranges: the last character of a chunk and the first of the next make a range.
    for (k = chunks.size() - 1; k > 0; k--) {
      String before = chunks.get(k - 1);
      String after = chunks.get(k);
      if (before.codePointBefore(before.length()) > after.codePointAt(0)) {
        String kept = before.substring(0, before.offsetByCodePoints(before.length(), -1));
        chunks.set(k - 1, kept + after.substring(after.offsetByCodePoints(0, 1)));
        chunks.remove(k);
      }
    }
    return chunks;
  }

  private static int find(int[] pat, int c, int from, int to) {
    for (int p = from; p < to; p++) {
      if (pat[p] == c) {
        return p;
      }
    }
    return -1;
  }

  private static String bracket(String stuff) {
    if (stuff.isEmpty()) {
      return "(?!)"; // An empty range never matches.
    }
    if (stuff.equals("!")) {
      return "."; // A negated empty range matches any character.
    }
    String set = stuff;
    if (set.charAt(0) == '!') {
      set = "^" + set.substring(1);
    } else if (set.charAt(0) == '^' || set.charAt(0) == '[') {
      set = "\\" + set;
    }
    return PythonCharacterSet.toRegex(set);
  }

  static String literal(int c) {
    return "\\x{" + Integer.toHexString(c) + "}";
  }
}
