package dev.channels.spi;

import dev.channels.Message;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * One channel's unread messages (a ring buffer with their send times) and its waiting receivers.
 * Guarded by its own monitor: the layer holds it for a few field updates and never while completing
 * a future, so receivers' callbacks never run under the lock.
 *
 * <p>A queue with no messages and no waiters is retired and dropped from the layer's map; a sender
 * that finds its queue retired looks the channel up again, so no message lands in a dropped queue.
 */
final class ChannelQueue {

  private static final int INITIAL_SLOTS = 4;
  private static final Message[] NO_MESSAGES = new Message[0];
  private static final long[] NO_TIMES = new long[0];

  final String name;
  final int capacity;

  // Channels come and go with every receive-first consumer, so an empty one allocates nothing.
  private @Nullable Message[] messages = NO_MESSAGES;
  private long[] sentAt = NO_TIMES;
  private int head;
  private int size;
  private @Nullable ArrayDeque<Waiter> waiters;
  private boolean retired;

  ChannelQueue(String name, int capacity) {
    this.name = name;
    this.capacity = capacity;
  }

  boolean retired() {
    return retired;
  }

  void retire() {
    retired = true;
  }

  /**
   * A queue with nothing to deliver and nobody waiting can be dropped. Finished waiters do not
   * count: they are discarded here, so one that missed its way out cannot keep the queue alive.
   */
  boolean idle() {
    if (size > 0) {
      return false;
    }
    if (waiters == null) {
      return true;
    }
    // A live waiter at the head is enough to keep the queue; finished ones ahead of it go.
    Waiter head;
    while ((head = waiters.peek()) != null && head.isDone()) {
      waiters.poll();
    }
    return head == null;
  }

  /** The oldest waiter that is still waiting, or null. Finished waiters are discarded. */
  @Nullable Waiter pollWaiter() {
    if (waiters == null) {
      return null;
    }
    Waiter waiter;
    while ((waiter = waiters.poll()) != null && waiter.isDone()) {
      // Its owner ended it (cancel, a timeout) before it could leave; it wants no message.
    }
    return waiter;
  }

  void addWaiter(Waiter waiter) {
    if (waiters == null) {
      waiters = new ArrayDeque<>(2);
    }
    waiters.add(waiter);
  }

  void removeWaiter(Waiter waiter) {
    if (waiters != null) {
      waiters.remove(waiter);
    }
  }

  /** Appends {@code message}, sent at {@code sentAt}, unless the queue holds its capacity. */
  boolean offer(Message message, long sentAt) {
    if (size >= capacity) {
      return false;
    }
    if (size == messages.length) {
      grow();
    }
    int tail = (head + size) % messages.length;
    messages[tail] = message;
    this.sentAt[tail] = sentAt;
    size++;
    return true;
  }

  /** The send time of the oldest message; only valid when the queue is not empty. */
  long oldestSentAt() {
    return sentAt[head];
  }

  /** Removes and returns the oldest message, or null when empty. */
  @Nullable Message poll() {
    if (size == 0) {
      return null;
    }
    Message message = messages[head];
    messages[head] = null;
    head = (head + 1) % messages.length;
    size--;
    return message;
  }

  /** Drops messages sent at or before {@code deadline}; they sit at the head, in send order. */
  int dropSentBefore(long deadline) {
    int dropped = 0;
    while (size > 0 && sentAt[head] <= deadline) {
      poll();
      dropped++;
    }
    return dropped;
  }

  /** Empties the queue, returning how many messages it held. */
  int clear() {
    int dropped = size;
    while (size > 0) {
      poll();
    }
    return dropped;
  }

  /** Takes every waiter, for failing them when the layer closes. */
  ArrayDeque<Waiter> drainWaiters() {
    ArrayDeque<Waiter> all = waiters == null ? new ArrayDeque<>() : waiters;
    waiters = null;
    return all;
  }

  int size() {
    return size;
  }

  private void grow() {
    int length = Math.min(capacity, Math.max(INITIAL_SLOTS, messages.length * 2));
    @Nullable Message[] grownMessages = new Message[length];
    long[] grownSentAt = new long[length];
    for (int i = 0; i < size; i++) {
      int from = (head + i) % messages.length;
      grownMessages[i] = messages[from];
      grownSentAt[i] = sentAt[from];
    }
    messages = grownMessages;
    sentAt = grownSentAt;
    head = 0;
  }
}
