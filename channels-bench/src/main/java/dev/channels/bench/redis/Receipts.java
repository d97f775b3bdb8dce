package dev.channels.bench.redis;

import dev.channels.Message;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a receiving worker got: how many messages, when the first and last arrived, and each one's
 * latency from the "sent" time it carries to its arrival, in microseconds.
 */
final class Receipts {

  private final long expected;
  private final long warmup;
  private final long[] latencies;
  private final AtomicLong received = new AtomicLong();
  private final CountDownLatch all = new CountDownLatch(1);
  private volatile long first;
  private volatile long last;
  private volatile long warmedUp;

  /**
   * Receipts of {@code expected} messages, the first {@code warmup} left out of the latencies;
   * without {@code latencies}, only counts and times are kept.
   */
  Receipts(long expected, long warmup, boolean latencies) {
    this.expected = expected;
    this.warmup = warmup;
    this.latencies =
        new long[latencies ? (int) Math.min(Math.max(0, expected - warmup), 5_000_000) : 0];
  }

  void record(Message message) {
    long now = Worker.micros();
    long n = received.incrementAndGet();
    if (n == 1) {
      first = now;
    }
    if (n == warmup) {
      warmedUp = now;
    }
    last = now;
    Long sent = message.get("sent", Long.class);
    long index = n - warmup - 1;
    if (sent != null && index >= 0 && index < latencies.length) {
      latencies[(int) index] = now - sent;
    }
    if (n == expected) {
      all.countDown();
    }
  }

  /** Waits for every expected message, giving up once none arrived for {@code idle}. */
  void awaitAll(Duration idle) throws InterruptedException {
    long seen = -1;
    while (!all.await(idle.toMillis(), TimeUnit.MILLISECONDS)) {
      long now = received.get();
      if (now == seen) {
        return;
      }
      seen = now;
    }
  }

  /**
   * "received first last p50 p99 p999 max warmedup", times in microseconds; warmedup is when the
   * last warm-up message arrived (0 without a warm-up).
   */
  String summary() {
    int n = (int) Math.max(0, Math.min(received.get() - warmup, latencies.length));
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    return "%d %d %d %d %d %d %d %d"
        .formatted(
            received.get(),
            first,
            last,
            percentile(sorted, 0.50),
            percentile(sorted, 0.99),
            percentile(sorted, 0.999),
            n == 0 ? 0 : sorted[n - 1],
            warmedUp);
  }

  private static long percentile(long[] sorted, double p) {
    return sorted.length == 0
        ? 0
        : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }
}
