package dev.channels.spring.consumer;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * For containers that cannot suspend reading through Spring's adapter (Jetty): the container thread
 * that delivered the message that filled the queue waits until the queue has room, which stops
 * reads for that connection only. The wait ends at {@link #resume}, which the session's end also
 * calls, and in any case after the longest hold.
 */
final class HeldThreadReadGate implements ReadGate {

  private final long longestHoldNanos;
  private volatile CountDownLatch paused = new CountDownLatch(0);

  HeldThreadReadGate(Duration longestHold) {
    this.longestHoldNanos = longestHold.toNanos();
  }

  @Override
  public void pause() {
    paused = new CountDownLatch(1);
  }

  @Override
  public void resume() {
    paused.countDown();
  }

  @Override
  public void holdDelivery() {
    try {
      paused.await(longestHoldNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
