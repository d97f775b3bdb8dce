package dev.channels.spi;

import dev.channels.ChannelLayerException;
import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Channels held in this process: for each, its unread messages and its waiting receivers. The
 * in-memory layer keeps every channel here; the Redis layer keeps the channels of this process,
 * filled from Redis by its receive loops.
 *
 * <p>A receive that finds nothing waits as a future, without a thread. A send hands its message to
 * the oldest waiter, or queues it if the channel has room. A channel with no messages and no
 * waiters is dropped from the table at once (after the receive that empties it, the hand-over that
 * leaves it without waiters, or the cancel or timeout of its last waiter), so channels that come
 * and go leave nothing behind.
 *
 * <p>Once closed, the table takes no more messages and no more waiters: a receive or send that
 * raced the close finds out under its queue's lock and fails, rather than waiting forever.
 */
public final class LocalChannels {

  /** What became of one message offered to one channel. */
  public enum Delivery {
    /** A waiting receiver took it. */
    HANDED_OVER,
    /** It waits in the channel for a receiver. */
    QUEUED,
    /** The channel holds its capacity of unread messages; the message was not taken. */
    FULL,
    /** The table is closed; the message was not taken. */
    CLOSED
  }

  private final ConcurrentHashMap<String, ChannelQueue> channels = new ConcurrentHashMap<>();
  private final ToIntFunction<String> capacityOf;
  private final long expiryMillis;
  private final LayerCounters counters;
  private volatile @Nullable ChannelLayerException closedWith;

  /**
   * Creates an empty table whose channels hold {@code capacityOf} messages each, dropping (and
   * counting) those unread for {@code expiryMillis}.
   */
  public LocalChannels(
      ToIntFunction<String> capacityOf, long expiryMillis, LayerCounters counters) {
    this.capacityOf = capacityOf;
    this.expiryMillis = expiryMillis;
    this.counters = counters;
  }

  /**
   * Hands {@code message}, sent at {@code sentAt}, to the oldest waiting receiver of {@code
   * channel}, or queues it if the channel has room. The waiter is completed outside the lock, so
   * its callbacks run unlocked. Counts what it hands over as received.
   */
  public Delivery offer(String channel, Message message, long sentAt, long now) {
    while (true) {
      ChannelQueue queue = queueOf(channel);
      Waiter waiter;
      synchronized (queue) {
        if (queue.retired()) {
          continue;
        }
        if (closedWith != null) {
          retire(queue);
          return Delivery.CLOSED;
        }
        waiter = queue.pollWaiter();
        if (waiter == null) {
          dropExpired(queue, now);
          return queue.offer(message, sentAt) ? Delivery.QUEUED : Delivery.FULL;
        }
      }
      // Counted before the hand-over, so a receiver woken by it already sees itself counted; a
      // waiter its owner ended between poll and deliver refuses the message, which is uncounted
      // and goes to the next one, or the queue.
      counters.receivedOne(now - sentAt);
      if (waiter.deliver(message)) {
        // Only now: a consumer that receives again from the delivery's callback keeps its queue
        // rather than making it anew; one that is done leaves an idle queue, dropped here.
        retireIfStillIdle(queue);
        return Delivery.HANDED_OVER;
      }
      counters.receivedNone(now - sentAt);
    }
  }

  /**
   * The next message of {@code channel}: at once if one is queued, else when one arrives. Fails
   * with the table's closing exception once it is closed.
   */
  public CompletableFuture<Message> receive(String channel, long now) {
    while (true) {
      ChannelQueue queue = queueOf(channel);
      synchronized (queue) {
        if (queue.retired()) {
          continue;
        }
        ChannelLayerException closed = closedWith;
        if (closed != null) {
          retire(queue);
          return CompletableFuture.failedFuture(closed);
        }
        dropExpired(queue, now);
        long sentAt = queue.size() > 0 ? queue.oldestSentAt() : now;
        Message message = queue.poll();
        if (message != null) {
          retireIfIdle(queue);
          counters.receivedOne(now - sentAt);
          return CompletableFuture.completedFuture(message);
        }
        Waiter waiter = new Waiter(this, queue);
        queue.addWaiter(waiter);
        return waiter;
      }
    }
  }

  /** Whether a receiver is waiting on {@code channel} right now. */
  public boolean hasWaiters(String channel) {
    ChannelQueue queue = channels.get(channel);
    if (queue == null) {
      return false;
    }
    synchronized (queue) {
      return !queue.retired() && queue.size() == 0 && !queue.idle();
    }
  }

  /** How many unread messages {@code channel} holds here. */
  public int depth(String channel) {
    ChannelQueue queue = channels.get(channel);
    if (queue == null) {
      return 0;
    }
    synchronized (queue) {
      return queue.retired() ? 0 : queue.size();
    }
  }

  /** The capacity {@code channel} has in this table. */
  public int capacityOf(String channel) {
    return capacityOf.applyAsInt(channel);
  }

  /** Drops expired messages and channels left idle. */
  public void sweep(long now) {
    for (ChannelQueue queue : channels.values()) {
      synchronized (queue) {
        if (!queue.retired()) {
          dropExpired(queue, now);
          retireIfIdle(queue);
        }
      }
    }
  }

  /** Drops every queued message; waiting receivers keep waiting. */
  public void clearMessages() {
    for (ChannelQueue queue : channels.values()) {
      synchronized (queue) {
        queue.clear();
        retireIfIdle(queue);
      }
    }
  }

  /**
   * Drops everything and fails every waiting receiver with {@code failure}, as every later receive
   * fails. Waiters are failed after their locks are released, so their callbacks run unlocked.
   */
  public void close(ChannelLayerException failure) {
    closedWith = failure;
    List<Waiter> waiting = new ArrayList<>();
    // A receive that made its queue before it could see closedWith has its queue counted in the
    // map by then (the map's count is written before closedWith is read), so going round until
    // the map is empty finds its waiter. Queues made after see closedWith and retire themselves.
    while (!channels.isEmpty()) {
      for (ChannelQueue queue : channels.values()) {
        synchronized (queue) {
          if (!queue.retired()) {
            queue.clear();
            waiting.addAll(queue.drainWaiters());
            retire(queue);
          }
        }
      }
    }
    waiting.forEach(waiter -> waiter.fail(failure));
  }

  /** Unread messages by channel, for every channel in use (0 for one with only waiters). */
  public Map<String, Integer> depths() {
    Map<String, Integer> depths = new HashMap<>();
    for (ChannelQueue queue : channels.values()) {
      synchronized (queue) {
        if (!queue.retired()) {
          depths.put(queue.name, queue.size());
        }
      }
    }
    return depths;
  }

  /** How many channels are in use. */
  public int size() {
    return channels.size();
  }

  /** Called when a waiter's owner ends it: it leaves its queue, which may then be idle. */
  void forget(ChannelQueue queue, Waiter waiter) {
    synchronized (queue) {
      queue.removeWaiter(waiter);
      if (!queue.retired()) {
        retireIfIdle(queue);
      }
    }
  }

  private void retireIfStillIdle(ChannelQueue queue) {
    synchronized (queue) {
      if (!queue.retired()) {
        retireIfIdle(queue);
      }
    }
  }

  private ChannelQueue queueOf(String channel) {
    ChannelQueue queue = channels.get(channel);
    if (queue != null) {
      return queue;
    }
    ChannelQueue created = new ChannelQueue(channel, capacityOf.applyAsInt(channel));
    ChannelQueue raced = channels.putIfAbsent(channel, created);
    return raced != null ? raced : created;
  }

  // Callers hold the queue's monitor.
  private void retireIfIdle(ChannelQueue queue) {
    if (queue.idle()) {
      retire(queue);
    }
  }

  // Callers hold the queue's monitor. A sender or receiver that finds the queue retired looks the
  // channel up again, so nothing lands in a queue that has left the map.
  private void retire(ChannelQueue queue) {
    queue.retire();
    channels.remove(queue.name, queue);
  }

  // Callers hold the queue's monitor.
  private void dropExpired(ChannelQueue queue, long now) {
    int expired = queue.dropSentBefore(now - expiryMillis);
    if (expired > 0) {
      counters.dropped(DropReason.EXPIRED, expired);
    }
  }
}
