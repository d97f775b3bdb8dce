package dev.channels.spi;

/**
 * Marks the stretches in which a backend's I/O thread completes receivers' futures. Their callbacks
 * run right there; a blocking layer call from one would wait for a reply that the very thread it
 * blocks must read, so {@code BlockingChannelLayer} refuses it with an explanation.
 */
public final class DeliveryThreads {

  private static final ThreadLocal<Boolean> DELIVERING = new ThreadLocal<>();

  private DeliveryThreads() {}

  /** Runs {@code delivery} marked as delivery on an I/O thread. */
  public static void deliver(Runnable delivery) {
    Boolean outer = DELIVERING.get();
    DELIVERING.set(Boolean.TRUE);
    try {
      delivery.run();
    } finally {
      DELIVERING.set(outer);
    }
  }

  /** Whether the current thread is delivering on an I/O thread right now. */
  public static boolean delivering() {
    return DELIVERING.get() != null;
  }
}
