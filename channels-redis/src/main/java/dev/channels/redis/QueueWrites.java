package dev.channels.redis;

import dev.channels.ChannelLayerException;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Messages on their way into the queues of one shard, one script call of up to 128 on its way at a
 * time (see {@link OneBatchAtATime}). A queue's messages reach Redis in the order they were
 * written.
 */
final class QueueWrites {

  private static final int BATCH = 128;

  private final Shard shard;
  private final LongConsumer expired;
  private final OneBatchAtATime<Write, List<Write>, List<Object>> writes =
      new OneBatchAtATime<>(QueueWrites::take, this::send, this::complete);
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
    writes.add(new Write(key, score, cutoff, ttl, capacity, payload, accepted));
    return accepted;
  }

  /** One message for {@link #writeAll}: what {@link #write} takes. */
  record Request(
      byte[] key, byte[] score, byte[] cutoff, byte[] ttl, int capacity, byte[] payload) {}

  /**
   * Writes each of {@code requests} as {@link #write} writes one, in order, all queued before the
   * next batch is taken: a bulk send goes to Redis in as few script calls as a batch allows.
   */
  List<CompletableFuture<Boolean>> writeAll(List<Request> requests) {
    List<CompletableFuture<Boolean>> accepted = new ArrayList<>(requests.size());
    for (Request request : requests) {
      CompletableFuture<Boolean> future = new CompletableFuture<>();
      writes.enqueue(
          new Write(
              request.key(),
              request.score(),
              request.cutoff(),
              request.ttl(),
              request.capacity(),
              request.payload(),
              future));
      accepted.add(future);
    }
    writes.sendWhatIsPending();
    return accepted;
  }

  private static @Nullable List<Write> take(Queue<Write> pending) {
    List<Write> batch = new ArrayList<>(Math.min(BATCH, 16));
    Write write;
    while (batch.size() < BATCH && (write = pending.poll()) != null) {
      batch.add(write);
    }
    return batch.isEmpty() ? null : batch;
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
    return shard.run(Script.QUEUE_WRITE, ScriptOutputType.MULTI, keys, args);
  }

  /** A write refused because its key holds something other than a queue. */
  static final class NotAQueueException extends ChannelLayerException {
    NotAQueueException(String message) {
      super(message);
    }
  }

  static NotAQueueException notAQueue(byte[] key) {
    return new NotAQueueException(
        ("Redis key '%s' holds a value that is not a channel queue (a sorted set), so nothing can be"
                + " sent to it; something other than a channel layer wrote it. Delete the key"
                + " (DEL) or use another prefix.")
            .formatted(new String(key, StandardCharsets.UTF_8)));
  }

  // reply: {messages expired, then the 1-based positions of the writes whose queue was full,
  // negated where the key is not a queue}.
  private void complete(List<Write> batch, List<Object> reply, @Nullable Throwable failure) {
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
      long position = (Long) reply.get(i);
      if (position < 0) {
        Write refused = batch.get((int) -position - 1);
        refused.accepted().completeExceptionally(notAQueue(refused.key()));
      } else {
        full[(int) position - 1] = true;
      }
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).accepted().complete(!full[i]);
    }
  }
}
