package dev.channels.redis;

/**
 * A delay that starts at {@code firstMillis} and doubles with each retry up to {@code maxMillis}:
 * how the layer waits before asking a Redis that failed it again.
 */
record Backoff(long firstMillis, long maxMillis) {

  /** The delay before retry number {@code retries} (0 for the first). */
  long delayMillis(int retries) {
    return Math.min(maxMillis, firstMillis << Math.min(retries, 20));
  }

  /** The delay after one of {@code previousMillis} (0 when nothing has failed yet). */
  long after(long previousMillis) {
    return Math.min(maxMillis, Math.max(firstMillis, previousMillis * 2));
  }
}
