package dev.channels.spi;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page cursors, for backends' listings: the values a listing resumes after, joined and
 * encoded so that callers pass them back unchanged rather than build their own.
 */
public final class Cursors {

  private static final char SEPARATOR = '\0';

  private Cursors() {}

  /** A cursor of {@code parts}, none of which may hold a NUL. */
  public static String of(String... parts) {
    String joined = String.join(String.valueOf(SEPARATOR), parts);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(joined.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The {@code count} parts of {@code cursor}.
   *
   * @throws IllegalArgumentException if it is not a cursor of that many parts
   */
  public static String[] parts(String cursor, int count) {
    try {
      String joined = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String[] parts = joined.split(String.valueOf(SEPARATOR), -1);
      if (parts.length == count) {
        return parts;
      }
    } catch (IllegalArgumentException notBase64) {
      // reported below, as any other cursor that is not one
    }
    throw new IllegalArgumentException(
        "'%s' is not a cursor of this listing: pass the next() of the page before, unchanged, or null for the first page."
            .formatted(cursor));
  }
}
