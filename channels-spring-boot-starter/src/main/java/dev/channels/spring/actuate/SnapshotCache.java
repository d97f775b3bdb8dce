package dev.channels.spring.actuate;

import dev.channels.LayerSnapshot;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last snapshot of one layer, for gauges. A snapshot may scan Redis, so a read never waits for
 * one: it returns what is cached and, if that is older than the maximum age, starts a refresh.
 */
final class SnapshotCache {

  private static final Logger log = LoggerFactory.getLogger(SnapshotCache.class);

  private final Supplier<CompletableFuture<LayerSnapshot>> source;
  private final Executor executor;
  private final long maxAgeNanos;
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile @Nullable LayerSnapshot last;
  private volatile boolean attempted;
  private volatile long attemptedAt;

  SnapshotCache(
      Supplier<CompletableFuture<LayerSnapshot>> source, Executor executor, Duration maxAge) {
    this.source = source;
    this.executor = executor;
    this.maxAgeNanos = maxAge.toNanos();
  }

  /** The last snapshot taken, or null before the first arrives; refreshes it when stale. */
  @Nullable LayerSnapshot current() {
    if (isStale() && refreshing.compareAndSet(false, true)) {
      refresh();
    }
    return last;
  }

  private boolean isStale() {
    return !attempted || System.nanoTime() - attemptedAt >= maxAgeNanos;
  }

  // The source runs on the executor: a layer of the application's own might block in snapshot().
  private void refresh() {
    try {
      CompletableFuture.supplyAsync(source, executor)
          .thenCompose(Function.identity())
          // A snapshot that never completes must not stop later refreshes.
          .orTimeout(Math.max(maxAgeNanos, TimeUnit.SECONDS.toNanos(30)), TimeUnit.NANOSECONDS)
          .whenComplete(this::refreshed);
    } catch (RejectedExecutionException closing) {
      refreshing.set(false);
    }
  }

  private void refreshed(@Nullable LayerSnapshot snapshot, @Nullable Throwable failure) {
    if (snapshot != null) {
      last = snapshot;
    } else {
      log.debug("Taking a channel layer snapshot for metrics failed", failure);
    }
    attemptedAt = System.nanoTime();
    attempted = true;
    refreshing.set(false);
  }
}
