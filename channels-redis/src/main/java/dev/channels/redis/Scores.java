package dev.channels.redis;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sorted set scores: Unix times in seconds with a fraction, as channels_redis's time.time(). A
 * queue is ordered by score, so each layer hands out strictly increasing microseconds: two sends in
 * one millisecond, or under a clock that stands still, keep their order. At today's times a double
 * still tells microseconds apart.
 */
final class Scores {

  private final AtomicLong lastMicros = new AtomicLong();
  private volatile Cutoff lastCutoff = new Cutoff(Long.MIN_VALUE, new byte[0]);

  /**
   * A score at {@code now}, to the microsecond (the system clock has them, as Python's
   * time.time()), later than every score this instance gave before: a send made after another
   * instance's send completed sorts after it.
   */
  byte[] next(Instant now) {
    long micros =
        Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000), now.getNano() / 1000);
    long issued = lastMicros.accumulateAndGet(micros, (last, latest) -> Math.max(last + 1, latest));
    return format(issued);
  }

  /**
   * The score of exactly {@code epochMillis}, as a sender's expiry cut-off: kept for the
   * millisecond, so a busy sender formats one a millisecond rather than one a message.
   */
  byte[] cutoff(long epochMillis) {
    Cutoff last = lastCutoff;
    if (last.millis() != epochMillis) {
      last = new Cutoff(epochMillis, of(epochMillis));
      lastCutoff = last;
    }
    return last.score();
  }

  private record Cutoff(long millis, byte[] score) {}

  /** The score of exactly {@code epochMillis}, for cut-offs. */
  static byte[] of(long epochMillis) {
    return format(epochMillis * 1000);
  }

  static long toMillis(double score) {
    return (long) Math.floor(score * 1000);
  }

  // Seconds, '.', six digits: written straight into the array, as this runs for every message.
  private static byte[] format(long micros) {
    if (micros < 0) {
      byte[] positive = format(-micros);
      byte[] text = new byte[positive.length + 1];
      text[0] = '-';
      System.arraycopy(positive, 0, text, 1, positive.length);
      return text;
    }
    long seconds = micros / 1_000_000;
    long fraction = micros % 1_000_000;
    int integerDigits = seconds == 0 ? 1 : (int) Math.log10(seconds) + 1;
    byte[] text = new byte[integerDigits + 7];
    for (int i = integerDigits - 1; i >= 0; i--, seconds /= 10) {
      text[i] = (byte) ('0' + seconds % 10);
    }
    text[integerDigits] = '.';
    for (int i = integerDigits + 6; i > integerDigits; i--, fraction /= 10) {
      text[i] = (byte) ('0' + fraction % 10);
    }
    return text;
  }
}
