package dev.channels.faults;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the driver sent and what the clients got back, by sequence number: when each message was
 * sent, to which room, how many members received it, when the first of them did, and whether the
 * layer refused it.
 */
final class Tally {

  private final int roomSize;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicLongArray sentAt;
  private final AtomicLongArray firstDelivery;
  private final AtomicIntegerArray deliveries;
  private final AtomicIntegerArray refused;

  Tally(int capacity, int roomSize) {
    this.roomSize = roomSize;
    this.sentAt = new AtomicLongArray(capacity);
    this.firstDelivery = new AtomicLongArray(capacity);
    this.deliveries = new AtomicIntegerArray(capacity);
    this.refused = new AtomicIntegerArray(capacity);
  }

  /** A new sequence number, sent now. */
  int sending(long nanos) {
    int seq = next.getAndIncrement();
    sentAt.set(seq, nanos);
    return seq;
  }

  int count() {
    return next.get();
  }

  void delivered(int seq, long nanos) {
    deliveries.incrementAndGet(seq);
    firstDelivery.compareAndSet(seq, 0, nanos);
  }

  void refused(int seq) {
    refused.set(seq, 1);
  }

  long sentAt(int seq) {
    return sentAt.get(seq);
  }

  long firstDelivery(int seq) {
    return firstDelivery.get(seq);
  }

  boolean isRefused(int seq) {
    return refused.get(seq) == 1;
  }

  /** Whether every member of the message's room received it. */
  boolean isFullyDelivered(int seq) {
    return deliveries.get(seq) >= roomSize;
  }

  int deliveries(int seq) {
    return deliveries.get(seq);
  }

  int roomSize() {
    return roomSize;
  }
}
