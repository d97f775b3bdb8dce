package dev.channels.bench.ws;

import java.time.Instant;

/**
 * Wall-clock microseconds for System.nanoTime() readings. The load client and the harness are
 * separate processes: the client says when its last frame arrived in these, so the harness can end
 * the CPU window there.
 */
public final class EpochMicros {

  private static final long NANO_BASE = System.nanoTime();
  private static final long EPOCH_BASE = toMicros(Instant.now());

  private EpochMicros() {}

  public static long of(long nanoTime) {
    return EPOCH_BASE + (nanoTime - NANO_BASE) / 1_000;
  }

  public static long now() {
    return of(System.nanoTime());
  }

  private static long toMicros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
  }
}
