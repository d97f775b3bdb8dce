package dev.channels.layer.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MonotonicClockTest {

  private final AtomicLong nanoTime = new AtomicLong(-5_000_000_000L);
  private final MonotonicClock clock = new MonotonicClock(nanoTime::get, 1_000_000);

  @Test
  void startsAtTheWallClockTimeItWasGiven() {
    assertThat(clock.millis()).isEqualTo(1_000_000);
    assertThat(clock.instant()).isEqualTo(Instant.ofEpochMilli(1_000_000));
  }

  @Test
  void movesOnlyAsTheMonotonicClockMoves() {
    nanoTime.addAndGet(1_500_000_000L);

    assertThat(clock.millis()).isEqualTo(1_001_500);
  }
}
