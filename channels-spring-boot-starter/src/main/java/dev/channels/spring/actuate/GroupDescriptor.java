package dev.channels.spring.actuate;

import dev.channels.ChannelLayer;
import dev.channels.Extension;
import dev.channels.Page;
import dev.channels.Presence;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What the {@code channels} endpoint reports for one group of a layer: its live members across
 * every instance, and one page of who is present in it, by key.
 *
 * @param group the group's name
 * @param size its live members, Django's included on a shared Redis; null on error
 * @param presence one page of up to 100 keys present in it, each with its connections
 * @param next the cursor of the next page, to append to this URL; null on the last page
 * @param error why the group could not be read, or null
 */
public record GroupDescriptor(
    String group,
    @Nullable Long size,
    List<Presence> presence,
    @Nullable String next,
    @Nullable String error)
    implements OperationResponseBody {

  /** Reads {@code group} of {@code layer}, waiting at most {@code timeoutNanos} for the answers. */
  static GroupDescriptor read(
      ChannelLayer layer, String group, @Nullable String after, long timeoutNanos) {
    if (!layer.extensions().contains(Extension.PRESENCE)) {
      return failed(
          group, layer + " does not provide group sizes and presence (Extension.PRESENCE).");
    }
    long deadline = System.nanoTime() + timeoutNanos;
    try {
      CompletableFuture<Long> size = layer.groupSize(group);
      CompletableFuture<Page<Presence>> page = layer.presence(group, after, Page.DEFAULT_SIZE);
      Long members = size.get(left(deadline), TimeUnit.NANOSECONDS);
      Page<Presence> present = page.get(left(deadline), TimeUnit.NANOSECONDS);
      return new GroupDescriptor(group, members, present.items(), present.next(), null);
    } catch (IllegalArgumentException e) {
      return failed(group, e.getMessage());
    } catch (TimeoutException e) {
      return failed(
          group,
          "No answer within %d ms; the backend is slow or unreachable."
              .formatted(TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return failed(group, "Reading the group failed: " + cause.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(group, "Interrupted while reading the group.");
    } catch (RuntimeException e) {
      return failed(group, e.getMessage());
    }
  }

  private static GroupDescriptor failed(String group, @Nullable String error) {
    return new GroupDescriptor(group, null, List.of(), null, error);
  }

  private static long left(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }
}
