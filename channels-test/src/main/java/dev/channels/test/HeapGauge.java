package dev.channels.test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Map;
import java.util.TreeMap;

/** Heap and thread readings taken once the JVM has settled, for scale and soak tests. */
public final class HeapGauge {

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private HeapGauge() {}

  /**
   * Used heap after full collections, repeated until two readings in a row agree within 256 KiB (or
   * ten rounds): one {@code System.gc()} can leave garbage that finalization or reference
   * processing only frees on the next.
   */
  public static long settledHeap() {
    long previous = collect();
    for (int round = 0; round < 10; round++) {
      long current = collect();
      if (Math.abs(current - previous) < 256 * 1024) {
        return current;
      }
      previous = current;
    }
    return previous;
  }

  private static long collect() {
    System.gc();
    try {
      Thread.sleep(100); // lets reference handlers run between collections
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  /** Live threads counted by name, with the numbers in their names taken out. */
  public static Map<String, Integer> threadsByName() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.isAlive()) {
        counts.merge(thread.getName().replaceAll("\\d+", "#"), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** {@code bytes} in MiB, one decimal. */
  public static String mib(long bytes) {
    return "%.1f MiB".formatted(bytes / (1024.0 * 1024.0));
  }
}
