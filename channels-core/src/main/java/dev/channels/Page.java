package dev.channels;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a listing that may be too long to return at once, such as a group's members. Pass
 * {@link #next()} back to get the page after this one; it is null on the last page. A page may hold
 * fewer items than were asked for only when it is the last.
 *
 * <pre>{@code
 * Page<String> page = layer.groupChannels("chat_lobby").join();
 * while (page.next() != null) {
 *   page = layer.groupChannels("chat_lobby", page.next(), 100).join();
 * }
 * }</pre>
 *
 * @param items the items of this page, in the listing's order
 * @param next the cursor of the next page, or null if this page is the last
 * @param <T> an item
 */
public record Page<T>(List<T> items, @Nullable String next) {

  /** The most items a listing returns in one page when asked for none in particular. */
  public static final int DEFAULT_SIZE = 100;

  /** The most items one page may be asked for. */
  public static final int MAX_SIZE = 1000;

  /** Copies the items, so the page does not change afterwards. */
  public Page {
    items = List.copyOf(items);
  }

  /** Whether there is a page after this one. */
  public boolean hasNext() {
    return next != null;
  }

  /**
   * Checks a requested page size.
   *
   * @throws IllegalArgumentException unless {@code size} is 1 to {@link #MAX_SIZE}
   */
  public static int requireValidSize(int size) {
    if (size < 1 || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "A page holds 1 to %d items, but %d were asked for; ask for %d, the default, and follow next() for more."
              .formatted(MAX_SIZE, size, DEFAULT_SIZE));
    }
    return size;
  }
}
