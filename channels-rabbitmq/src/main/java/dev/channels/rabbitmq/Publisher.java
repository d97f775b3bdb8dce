package dev.channels.rabbitmq;

import com.rabbitmq.client.AMQP.BasicProperties;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import dev.channels.ChannelLayerException;
import dev.channels.spi.DeliveryThreads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Publishes on one channel with publisher confirms, as channels_rabbitmq does: each publish's
 * future says whether the broker took the message (an ack) or refused it (a nack, which a queue at
 * its {@code x-max-length} with {@code x-overflow=reject-publish} sends). One channel, so messages
 * leave in the order they were published, whoever publishes them.
 *
 * <p>The broker's confirms arrive on the connection's I/O thread, and the futures complete right
 * there, marked as a delivery thread (so a blocking call chained onto one is refused rather than
 * left waiting for a confirm that thread would have to read): a hand-off to another thread per
 * confirm cost much of the point-to-point throughput (docs/benchmarks.md). What a caller chains
 * onto a future runs on that thread, as it runs on Lettuce's with the Redis layer; a publish made
 * from it, such as a send chained onto a send, is handed to another thread ({@code deferred}),
 * since a thread that must read the broker's replies should never wait to write.
 */
final class Publisher {

  private record Pending(CompletableFuture<Boolean> future, long startNanos) {}

  private static final ThreadLocal<Boolean> CONFIRMING = new ThreadLocal<>();

  private final Object lock = new Object();
  private final Executor deferred;
  private final Function<@Nullable Throwable, ChannelLayerException> unavailable;
  private final LongAdder confirms = new LongAdder();
  private final LongAdder confirmNanos = new LongAdder();
  private @Nullable Channel channel;
  private NavigableMap<Long, Pending> pending = new ConcurrentSkipListMap<>();

  /**
   * A publisher with no channel yet, handing publishes made on the I/O thread to {@code deferred};
   * {@code unavailable} makes the exception a publish fails with while there is no channel, from
   * the cause if there is one.
   */
  Publisher(Executor deferred, Function<@Nullable Throwable, ChannelLayerException> unavailable) {
    this.deferred = deferred;
    this.unavailable = unavailable;
  }

  /** Starts publishing on {@code channel}, a new channel of a new or the same connection. */
  void attach(Channel channel) throws IOException {
    channel.confirmSelect();
    NavigableMap<Long, Pending> confirming = new ConcurrentSkipListMap<>();
    channel.addConfirmListener(
        (tag, multiple) -> settle(confirming, tag, multiple, true),
        (tag, multiple) -> settle(confirming, tag, multiple, false));
    channel.addShutdownListener(cause -> detach(channel, cause));
    synchronized (lock) {
      this.channel = channel;
      this.pending = confirming;
    }
  }

  /**
   * Publishes {@code body} to {@code exchange} with {@code routingKey}: true once the broker acks
   * it, false if it nacks it. Fails at once while there is no channel, and with the channel's end
   * if it ends before the broker confirms.
   */
  CompletableFuture<Boolean> publish(
      String exchange, String routingKey, BasicProperties properties, byte[] body) {
    if (CONFIRMING.get() != null) {
      try {
        return CompletableFuture.supplyAsync(
                () -> publishNow(exchange, routingKey, properties, body), deferred)
            .thenCompose(published -> published);
      } catch (RejectedExecutionException closed) {
        return CompletableFuture.failedFuture(unavailable.apply(closed));
      }
    }
    return publishNow(exchange, routingKey, properties, body);
  }

  private CompletableFuture<Boolean> publishNow(
      String exchange, String routingKey, BasicProperties properties, byte[] body) {
    synchronized (lock) {
      Channel current = channel;
      if (current == null) {
        return CompletableFuture.failedFuture(unavailable.apply(null));
      }
      long sequence = current.getNextPublishSeqNo();
      Pending publish = new Pending(new CompletableFuture<>(), System.nanoTime());
      pending.put(sequence, publish);
      try {
        current.basicPublish(exchange, routingKey, properties, body);
      } catch (IOException | ShutdownSignalException e) {
        pending.remove(sequence);
        return CompletableFuture.failedFuture(unavailable.apply(e));
      }
      return publish.future();
    }
  }

  /** Whether there is a channel to publish on. */
  boolean attached() {
    synchronized (lock) {
      return channel != null;
    }
  }

  /** Stops publishing: what waits for a confirm fails with {@code failure}. */
  void detachAll(ChannelLayerException failure) {
    NavigableMap<Long, Pending> orphans;
    synchronized (lock) {
      channel = null;
      orphans = pending;
      pending = new ConcurrentSkipListMap<>();
    }
    fail(orphans, failure);
  }

  /** Confirms received so far. */
  long confirms() {
    return confirms.sum();
  }

  /** Time from publish to confirm, summed over {@link #confirms()}, in nanoseconds. */
  long confirmNanos() {
    return confirmNanos.sum();
  }

  private void detach(Channel ended, ShutdownSignalException cause) {
    NavigableMap<Long, Pending> orphans;
    synchronized (lock) {
      if (channel != ended) {
        return;
      }
      channel = null;
      orphans = pending;
      pending = new ConcurrentSkipListMap<>();
    }
    fail(orphans, unavailable.apply(cause));
  }

  // On the connection's I/O thread: take the confirmed publishes out, complete them elsewhere.
  private void settle(
      NavigableMap<Long, Pending> confirming, long tag, boolean multiple, boolean acked) {
    List<Pending> settled = new ArrayList<>();
    if (multiple) {
      NavigableMap<Long, Pending> upTo = confirming.headMap(tag, true);
      settled.addAll(upTo.values());
      upTo.clear();
    } else {
      Pending one = confirming.remove(tag);
      if (one != null) {
        settled.add(one);
      }
    }
    long now = System.nanoTime();
    for (Pending publish : settled) {
      confirms.increment();
      confirmNanos.add(now - publish.startNanos());
    }
    complete(() -> settled.forEach(publish -> publish.future().complete(acked)));
  }

  private void fail(Map<Long, Pending> orphans, ChannelLayerException failure) {
    List<Pending> failed = new ArrayList<>(orphans.values());
    if (!failed.isEmpty()) {
      complete(() -> failed.forEach(publish -> publish.future().completeExceptionally(failure)));
    }
  }

  private static void complete(Runnable completion) {
    Boolean outer = CONFIRMING.get();
    CONFIRMING.set(Boolean.TRUE);
    try {
      DeliveryThreads.deliver(completion);
    } finally {
      CONFIRMING.set(outer);
    }
  }
}
