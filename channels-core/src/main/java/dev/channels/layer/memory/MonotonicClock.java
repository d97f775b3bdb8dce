package dev.channels.layer.memory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.function.LongSupplier;

/**
 * The in-memory layer's time: the wall-clock time at creation, advanced by {@link
 * System#nanoTime()} from then on. Setting the system clock does not move it, so a clock step
 * neither expires every message and membership at once nor keeps them for hours; only the
 * differences between its readings mean anything, and the layer compares nothing else.
 */
final class MonotonicClock implements InstantSource {

  private final LongSupplier nanoTime;
  private final long originNanos;
  private final long originMillis;

  /** A clock that reads {@code nanoTime} and starts at {@code originMillis}. */
  MonotonicClock(LongSupplier nanoTime, long originMillis) {
    this.nanoTime = nanoTime;
    this.originNanos = nanoTime.getAsLong();
    this.originMillis = originMillis;
  }

  /** The clock on {@link System#nanoTime()}, starting at the current wall-clock time. */
  static MonotonicClock system() {
    return new MonotonicClock(System::nanoTime, System.currentTimeMillis());
  }

  @Override
  public long millis() {
    return originMillis + (nanoTime.getAsLong() - originNanos) / 1_000_000;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }
}
