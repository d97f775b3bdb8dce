package dev.channels.redis;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ZPopArgs;
import io.lettuce.core.api.StatefulConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the messages of one Redis queue on a connection of its own, each next pop asked for when
 * the last answers, so no thread waits. The queue of this instance's process-local channels is read
 * for as long as the layer is open, in batches: on Redis 7 with {@code BZMPOP}, which waits and
 * takes up to a batch at once; on Redis 5 and 6 with {@code BZPOPMIN} while the queue is empty,
 * then {@code ZPOPMIN} in batches while it is not. A normal channel, which other processes may read
 * too, is read one message at a time and only while someone here waits for it. Redis being away
 * makes the loop retry, backing off to a second, and retry at once when its connection is back;
 * receivers waiting meanwhile keep waiting.
 */
final class QueueReceiver {

  private static final Logger log = LoggerFactory.getLogger(QueueReceiver.class);
  private static final int BATCH = 256;
  private static final ZPopArgs MIN = ZPopArgs.Builder.min();
  // Whole seconds: Redis 5 takes no fractional timeout, and the layer supports Redis 5.
  private static final long BLOCK_SECONDS = 1;
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
  private static final Backoff BACKOFF = new Backoff(50, 1000);

  private final Shard shard;
  private final String queue;
  private final byte[] key;
  private final String keyName;
  private final Dispatcher dispatcher;
  private final ScheduledExecutorService timer;
  private final BooleanSupplier wanted;
  // This instance's own queue: read in batches, and the only one whose entries may carry this
  // layer's group envelope.
  private final boolean own;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile @Nullable StatefulConnection<byte[], byte[]> connection;
  private volatile boolean stopped;
  private volatile long backoffMillis;
  private volatile long idleSinceNanos = System.nanoTime();
  // Set while a retry is due, so a reconnect and the backoff timer never both restart the loop.
  private final AtomicBoolean retryDue = new AtomicBoolean();
  private final AtomicBoolean watching = new AtomicBoolean();
  private final RateLimit warnings = new RateLimit(Duration.ofSeconds(10));
  private final Runnable onReconnect = this::reconnected;
  private CompletableFuture<Void> routed = CompletableFuture.completedFuture(null);

  QueueReceiver(
      Shard shard,
      String queue,
      byte[] key,
      Dispatcher dispatcher,
      ScheduledExecutorService timer,
      BooleanSupplier wanted,
      boolean own) {
    this.shard = shard;
    this.queue = queue;
    this.key = key;
    this.keyName = RedisKeys.text(key);
    this.dispatcher = dispatcher;
    this.timer = timer;
    this.wanted = wanted;
    this.own = own;
  }

  /** Starts the loop unless it runs already. */
  void ensureRunning() {
    if (!stopped && watching.compareAndSet(false, true)) {
      shard.watchReconnects(onReconnect);
    }
    if (!stopped && running.compareAndSet(false, true)) {
      next(false);
    }
  }

  /**
   * Claims a loop that has been idle for at least {@code idle}, so that it cannot start until
   * {@link #release released} or {@link #stop stopped}; no command of it is in flight then.
   */
  boolean claimIdle(Duration idle) {
    return !stopped
        && System.nanoTime() - idleSinceNanos >= idle.toNanos()
        && running.compareAndSet(false, true);
  }

  /** Gives back a claimed loop, starting it if a receiver began waiting meanwhile. */
  void release() {
    running.set(false);
    if (wanted.getAsBoolean()) {
      ensureRunning();
    }
  }

  void stop() {
    stopped = true;
    shard.unwatchReconnects(onReconnect);
    StatefulConnection<byte[], byte[]> open = connection;
    if (open != null) {
      shard.closeDedicated(open);
    }
  }

  private void next(boolean drain) {
    if (stopped) {
      return;
    }
    if (!wanted.getAsBoolean()) {
      idleSinceNanos = System.nanoTime();
      running.set(false);
      // A receiver may have started waiting while this loop was deciding to stop.
      if (wanted.getAsBoolean() && running.compareAndSet(false, true)) {
        next(false);
      }
      return;
    }
    StatefulConnection<byte[], byte[]> open = connection;
    if (open == null) {
      connectThenPop(drain);
      return;
    }
    try {
      if (own && shard.takesBatchPops()) {
        Links.async(open)
            .bzmpop(BLOCK_SECONDS, (long) BATCH, MIN, key)
            .whenComplete(this::batchPopped);
      } else if (drain && own) {
        Links.async(open).zpopmin(key, BATCH).whenComplete(this::popped);
      } else {
        Links.async(open).bzpopmin(BLOCK_SECONDS, key).whenComplete(this::blockPopped);
      }
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  // Lettuce connects by blocking; the shard does it on a thread of its own, so that the receive
  // which started this loop, on whatever thread, returns at once.
  private void connectThenPop(boolean drain) {
    shard
        .openDedicated(COMMAND_TIMEOUT)
        .whenComplete(
            (opened, failure) -> {
              if (failure != null) {
                failed(failure);
              } else if (stopped) {
                shard.closeDedicated(opened);
              } else {
                connection = opened;
                next(drain);
              }
            });
  }

  private void popped(List<ScoredValue<byte[]>> batch, @Nullable Throwable failure) {
    if (failure != null) {
      failed(failure);
      return;
    }
    backoffMillis = 0;
    if (!batch.isEmpty()) {
      dispatch(batch);
    }
    next(batch.size() == BATCH);
  }

  // Redis 7's BZMPOP waits and takes a whole batch in one command, where Redis 5 and 6 take a
  // BZPOPMIN of one message and then a ZPOPMIN for the rest: half the round trips, and half the
  // work for Redis, while traffic comes a few messages at a time.
  private void batchPopped(
      @Nullable KeyValue<byte[], List<ScoredValue<byte[]>>> popped, @Nullable Throwable failure) {
    if (failure != null) {
      if (Shard.isUnknownOrForbidden(failure)) {
        shard.refuseBatchPops();
        next(false);
      } else {
        failed(failure);
      }
      return;
    }
    backoffMillis = 0;
    if (popped != null && popped.hasValue() && !popped.getValue().isEmpty()) {
      dispatch(popped.getValue());
    }
    next(false);
  }

  private void blockPopped(
      @Nullable KeyValue<byte[], ScoredValue<byte[]>> popped, @Nullable Throwable failure) {
    if (failure != null) {
      failed(failure);
      return;
    }
    backoffMillis = 0;
    if (popped != null) {
      dispatch(List.of(popped.getValue()));
    }
    next(popped != null);
  }

  // Batches are routed one after another: a batch that waits for group members holds back the
  // next, without blocking this loop's thread. Nothing that goes wrong there may stop the loop,
  // which would leave it never reading its queue again, or skip a later batch.
  private void dispatch(List<ScoredValue<byte[]>> batch) {
    try {
      routed =
          routed.isDone()
              ? dispatcher.route(queue, keyName, batch, own)
              : routed
                  .exceptionally(this::routingFailed)
                  .thenCompose(previous -> dispatcher.route(queue, keyName, batch, own));
    } catch (RuntimeException e) {
      routingFailed(e);
    }
  }

  private @Nullable Void routingFailed(Throwable failure) {
    log.error(
        "Routing entries of Redis key '{}' failed; the receive loop goes on", keyName, failure);
    return null;
  }

  private void failed(Throwable failure) {
    if (stopped) {
      return;
    }
    backoffMillis = BACKOFF.after(backoffMillis);
    if (Shard.isRefusal(failure) && warnings.tryAcquire()) {
      // Redis answered, and no: a wrong type at the key, a permission the ACL user lacks. Retrying
      // will not help until someone fixes it, so say so where operators look.
      log.warn(
          "Redis refused to pop from key '{}' ({}); retrying, at least once a second, until it"
              + " accepts",
          keyName,
          Shard.unwrap(failure).getMessage());
    } else {
      log.debug(
          "Receiving from Redis key '{}' failed; retrying in {} ms",
          keyName,
          backoffMillis,
          failure);
    }
    retryDue.set(true);
    timer.schedule(this::retry, backoffMillis, TimeUnit.MILLISECONDS);
  }

  // Redis is back: retry now instead of at the end of a backoff of up to a second, while the queue
  // may be filling to capacity and later messages dropped. If this loop's own connection is still
  // waiting for Lettuce's next reconnect attempt (up to half a second away), a fresh one is opened.
  private void reconnected() {
    if (stopped || !retryDue.get()) {
      return;
    }
    backoffMillis = 0;
    StatefulConnection<byte[], byte[]> open = connection;
    log.debug("Redis is back; receiving from Redis key '{}' again", keyName);
    if (open != null && !open.isOpen()) {
      connection = null;
      shard.closeDedicated(open);
    }
    retry();
  }

  private void retry() {
    if (retryDue.compareAndSet(true, false)) {
      next(false);
    }
  }
}
