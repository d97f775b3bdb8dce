package dev.channels.redis;

import dev.channels.BackendTimeoutException;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Items sent to Redis in batches, one batch on its way at a time: an item goes out at once when
 * nothing is on its way, and otherwise leaves with everything that gathered meanwhile once the
 * reply comes. An idle sender pays one round trip per item; a busy one carries many per round trip.
 * No thread but the callers' and the Redis connection's is involved.
 *
 * <p>One at a time, not two: the next batch is sent by the connection's own thread as a reply comes
 * in, and Netty writes at once from its own thread but queues other threads' writes, so a second
 * batch could reach Redis ahead of one another thread handed over a moment earlier, and a receiver
 * could take a later message first. One costs 5 to 12 % of the most a single sender can push, and
 * nothing in latency at half of that (redis_bench.py, 2026-11-29).
 *
 * <p>A batch that Redis left unanswered for the command timeout fails what waits behind it too: a
 * stalled Redis would otherwise fail one batch per timeout, and the items of the last batch would
 * wait many timeouts to learn what the first learnt after one.
 *
 * @param <T> an item
 * @param <B> a batch of items
 * @param <R> Redis's reply to a batch
 */
final class OneBatchAtATime<T, B, R> {

  /** What becomes of a batch once Redis has answered, or failed. */
  interface Settle<B, R> {
    void accept(B batch, @Nullable R reply, @Nullable Throwable failure);
  }

  private final ConcurrentLinkedQueue<T> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean sending = new AtomicBoolean();
  private final Function<Queue<T>, @Nullable B> take;
  private final Function<B, CompletableFuture<R>> send;
  private final Settle<B, R> settle;

  /**
   * {@code take} polls the next batch from the items waiting (null if none), never two at once;
   * {@code send} hands it to Redis; {@code settle} completes its items. A batch that fails with a
   * {@link BackendTimeoutException} fails the items waiting at that moment as well, unsent.
   */
  OneBatchAtATime(
      Function<Queue<T>, @Nullable B> take,
      Function<B, CompletableFuture<R>> send,
      Settle<B, R> settle) {
    this.take = take;
    this.send = send;
    this.settle = settle;
  }

  /** Adds {@code item} and sends it, or leaves it to the batch on its way to take along. */
  void add(T item) {
    enqueue(item);
    sendWhatIsPending();
  }

  /** Adds {@code item} without sending; the caller calls {@link #sendWhatIsPending} after. */
  void enqueue(T item) {
    pending.add(item);
  }

  boolean idle() {
    return !sending.get() && pending.isEmpty();
  }

  // Whoever finds the place free, or frees it, sends; every path checks again after changing
  // state, so an item added meanwhile is never left waiting.
  void sendWhatIsPending() {
    while (!pending.isEmpty() && sending.compareAndSet(false, true)) {
      B batch = take.apply(pending);
      if (batch == null) {
        sending.set(false);
        continue;
      }
      CompletableFuture<R> reply = sendSafely(batch);
      if (reply.isDone()) {
        // Failed at once, as while Redis is away: settled in this loop, so a long queue of items
        // fails batch after batch without a stack frame for each.
        sending.set(false);
        reply.whenComplete((answer, failure) -> settle.accept(batch, answer, failure));
      } else {
        // The next batch leaves before this one's callers hear back.
        reply.whenComplete(
            (answer, failure) -> {
              if (failure != null && Shard.unwrap(failure) instanceof BackendTimeoutException) {
                failWaiting(failure);
              }
              sending.set(false);
              try {
                sendWhatIsPending();
              } finally {
                settle.accept(batch, answer, failure);
              }
            });
      }
    }
  }

  // Runs while this thread still holds the place, so no batch is taken meanwhile.
  private void failWaiting(Throwable failure) {
    B batch;
    while ((batch = take.apply(pending)) != null) {
      settle.accept(batch, null, failure);
    }
  }

  private CompletableFuture<R> sendSafely(B batch) {
    try {
      return send.apply(batch);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
