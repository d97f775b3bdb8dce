package dev.channels.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most one permit per interval, for log lines that a hostile or broken input could otherwise
 * repeat thousands of times a second: the first goes to WARN, the rest to DEBUG until the interval
 * has passed.
 */
final class RateLimit {

  private final long intervalNanos;
  private final AtomicLong last;

  RateLimit(Duration interval) {
    this.intervalNanos = interval.toNanos();
    this.last = new AtomicLong(System.nanoTime() - intervalNanos);
  }

  /** Whether the interval has passed since the last permit; if so, this call takes the next. */
  boolean tryAcquire() {
    long now = System.nanoTime();
    long previous = last.get();
    return now - previous >= intervalNanos && last.compareAndSet(previous, now);
  }
}
