package dev.channels.test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that stands still until a test moves it. Starts at the real time, so backends that store
 * timestamps (Redis scores) see ordinary values.
 */
public final class MutableClock implements InstantSource {

  private final AtomicLong millis = new AtomicLong(System.currentTimeMillis());

  /** Moves the clock forward by {@code duration}. */
  public void advance(Duration duration) {
    millis.addAndGet(duration.toMillis());
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public long millis() {
    return millis.get();
  }
}
