package dev.channels.redis;

import java.util.concurrent.atomic.LongAdder;

/** How many commands the layer has sent to Redis and how long their replies took in all. */
public final class RoundTrips {

  private final LongAdder count = new LongAdder();
  private final LongAdder totalNanos = new LongAdder();

  RoundTrips() {}

  void record(long startedNanos) {
    count.increment();
    totalNanos.add(System.nanoTime() - startedNanos);
  }

  /** Commands answered (or failed). */
  public long count() {
    return count.sum();
  }

  /** Their round-trip times in all, in nanoseconds; divided by {@link #count()}, the mean. */
  public long totalNanos() {
    return totalNanos.sum();
  }
}
