package dev.channels.layer.redis;

import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * Messages on their way into the queues of one shard. A write goes out at once when no batch is on
 * its way to Redis; otherwise it waits for that batch's reply, and then leaves with every write
 * that gathered meanwhile, up to 128 to a script call. An idle layer sends each message as it
 * comes; a busy one carries many messages per round trip. Either way a queue's messages reach Redis
 * in the order they were written, and no thread but the callers' and the Redis connection's is
 * involved.
 */
final class QueueWrites {

  private static final int BATCH = 128;
  // One batch on its way at a time. With two, the next batch, sent by the connection's own thread
  // as the first one's reply comes in, could reach Redis ahead of a batch another thread handed to
  // the connection just before (Netty writes at once from its own thread but queues other threads'
  // writes), and a receiver could take a later message first. One costs 5 to 12 % of the most a
  // single sender can push, and nothing in latency at half that (redis_bench.py, 2026-11-29).
  private static final int IN_FLIGHT = 1;

  private final Shard shard;
  private final LongConsumer expired;
  private final ConcurrentLinkedQueue<Write> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile CapacityText lastCapacity = new CapacityText(-1, new byte[0]);

  /** One message for one queue, and whether it was accepted (false: the queue was full). */
  private record Write(
      byte[] key,
      byte[] score,
      byte[] cutoff,
      byte[] ttl,
      int capacity,
      byte[] payload,
      CompletableFuture<Boolean> accepted) {}

  // The capacity as the script reads it; layers mostly have one, so the last one is kept.
  private byte[] capacityText(int capacity) {
    CapacityText last = lastCapacity;
    if (last.capacity() != capacity) {
      last =
          new CapacityText(
              capacity, Integer.toString(capacity).getBytes(StandardCharsets.US_ASCII));
      lastCapacity = last;
    }
    return last.text();
  }

  private record CapacityText(int capacity, byte[] text) {}

  QueueWrites(Shard shard, LongConsumer expired) {
    this.shard = shard;
    this.expired = expired;
  }

  /**
   * Adds {@code payload} to the queue {@code key} with {@code score}, unless it holds {@code
   * capacity} messages; completes with whether it was added. {@code cutoff} and {@code ttl} drop
   * expired messages and keep the key alive, as channels_redis does.
   */
  CompletableFuture<Boolean> write(
      byte[] key, byte[] score, byte[] cutoff, byte[] ttl, int capacity, byte[] payload) {
    CompletableFuture<Boolean> accepted = new CompletableFuture<>();
    pending.add(new Write(key, score, cutoff, ttl, capacity, payload, accepted));
    sendWhatIsPending();
    return accepted;
  }

  // Whoever frees a place in the window, or finds one free, sends; every path re-checks after
  // changing state, so a write added meanwhile is never left waiting.
  private void sendWhatIsPending() {
    while (!pending.isEmpty()) {
      int current = inFlight.get();
      if (current >= IN_FLIGHT) {
        return;
      }
      if (inFlight.compareAndSet(current, current + 1)) {
        List<Write> batch = take();
        if (batch.isEmpty()) {
          inFlight.decrementAndGet();
          continue;
        }
        CompletableFuture<List<Object>> reply = send(batch);
        if (reply.isDone()) {
          // Failed at once, as while Redis is away: settled in this loop, so a long queue of
          // writes fails batch after batch without a stack frame for each.
          inFlight.decrementAndGet();
          reply.whenComplete((answer, failure) -> complete(batch, answer, failure));
        } else {
          reply.whenComplete(
              (answer, failure) -> {
                inFlight.decrementAndGet();
                complete(batch, answer, failure);
                sendWhatIsPending();
              });
        }
      }
    }
  }

  private List<Write> take() {
    List<Write> batch = new ArrayList<>(Math.min(BATCH, 16));
    Write write;
    while (batch.size() < BATCH && (write = pending.poll()) != null) {
      batch.add(write);
    }
    return batch;
  }

  private CompletableFuture<List<Object>> send(List<Write> batch) {
    byte[][] keys = new byte[batch.size()][];
    byte[][] args = new byte[2 + 3 * batch.size()][];
    args[0] = batch.get(0).cutoff();
    args[1] = batch.get(0).ttl();
    for (int i = 0; i < batch.size(); i++) {
      Write write = batch.get(i);
      keys[i] = write.key();
      args[2 + 3 * i] = write.score();
      args[3 + 3 * i] = capacityText(write.capacity());
      args[4 + 3 * i] = write.payload();
    }
    try {
      return shard.run(Script.QUEUE_WRITE, ScriptOutputType.MULTI, keys, args);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void complete(List<Write> batch, List<Object> reply, Throwable failure) {
    if (failure != null) {
      batch.forEach(write -> write.accepted().completeExceptionally(failure));
      return;
    }
    long removed = (Long) reply.get(0);
    if (removed > 0) {
      expired.accept(removed);
    }
    boolean[] full = new boolean[batch.size()];
    for (int i = 1; i < reply.size(); i++) {
      full[(int) (long) (Long) reply.get(i) - 1] = true;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).accepted().complete(!full[i]);
    }
  }
}
