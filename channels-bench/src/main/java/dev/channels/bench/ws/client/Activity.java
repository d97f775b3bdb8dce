package dev.channels.bench.ws.client;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every connection of a run has done, for deciding when the run is over: deliveries so far and
 * when the last frame arrived or the last send completed.
 */
final class Activity {

  private final AtomicInteger delivered = new AtomicInteger();
  private volatile long lastFrameNanos;
  private volatile long lastActivityNanos;

  /** The load starts now: the quiet period and the window are counted from here. */
  void start(long startNanos) {
    lastFrameNanos = startNanos;
    lastActivityNanos = startNanos;
  }

  void delivered(long nowNanos) {
    delivered.incrementAndGet();
    lastFrameNanos = nowNanos;
    lastActivityNanos = nowNanos;
  }

  void sent(long nowNanos) {
    lastActivityNanos = nowNanos;
  }

  int delivered() {
    return delivered.get();
  }

  long lastFrameNanos() {
    return lastFrameNanos;
  }

  long lastActivityNanos() {
    return lastActivityNanos;
  }
}
