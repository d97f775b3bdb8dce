package dev.channels.layer.redis;

import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongConsumer;

/**
 * Messages on their way into the queues of one shard. Writes made while the shard's previous flush
 * is pending are sent together, up to 128 to a script call: each round trip carries many messages,
 * and a queue's messages keep the order they were written in.
 */
final class QueueWrites {

  private static final int BATCH = 128;

  private final Shard shard;
  private final LongConsumer expired;
  private final ConcurrentLinkedQueue<Write> pending = new ConcurrentLinkedQueue<>();

  /** One message for one queue, and whether it was accepted (false: the queue was full). */
  private record Write(
      byte[] key,
      byte[] score,
      byte[] cutoff,
      byte[] ttl,
      int capacity,
      byte[] payload,
      CompletableFuture<Boolean> accepted) {}

  QueueWrites(Shard shard, LongConsumer expired) {
    this.shard = shard;
    this.expired = expired;
    shard.beforeFlush(this::drain);
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
    shard.flushSoon();
    return accepted;
  }

  // Runs on the shard's flusher thread, right before it flushes the connection.
  private void drain() {
    List<Write> batch = new ArrayList<>(BATCH);
    Write write;
    while ((write = pending.poll()) != null) {
      batch.add(write);
      if (batch.size() == BATCH) {
        send(batch);
        batch = new ArrayList<>(BATCH);
      }
    }
    if (!batch.isEmpty()) {
      send(batch);
    }
  }

  private void send(List<Write> batch) {
    byte[][] keys = new byte[batch.size()][];
    byte[][] args = new byte[2 + 3 * batch.size()][];
    args[0] = batch.get(0).cutoff();
    args[1] = batch.get(0).ttl();
    for (int i = 0; i < batch.size(); i++) {
      Write write = batch.get(i);
      keys[i] = write.key();
      args[2 + 3 * i] = write.score();
      args[3 + 3 * i] = Integer.toString(write.capacity()).getBytes(StandardCharsets.US_ASCII);
      args[4 + 3 * i] = write.payload();
    }
    shard
        .<List<Object>>run(Script.QUEUE_WRITE, ScriptOutputType.MULTI, keys, args)
        .whenComplete((reply, failure) -> complete(batch, reply, failure));
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
