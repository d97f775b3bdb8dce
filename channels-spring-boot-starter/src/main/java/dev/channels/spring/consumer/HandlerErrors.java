package dev.channels.spring.consumer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports handlers that throw without flooding the log: the first failure of a consumer's handler
 * with an exception type is logged at ERROR with its stack trace; later ones of the same kind are
 * summed up at most once a minute, at ERROR, without a trace, with how many there were and the last
 * one's message. Every failure is counted ({@link #counts()}, the {@code channels.handler.errors}
 * meter), so nothing is hidden from monitoring. One client sending bad input to a room of hundreds,
 * each member's handler failing in turn, costs a few lines a minute instead of a stack trace per
 * member and message.
 */
final class HandlerErrors {

  /** How often a kind of failure already reported is reported again, summed up. */
  static final Duration SUMMARY_INTERVAL = Duration.ofMinutes(1);

  /** How many kinds of failure are remembered for the log; the counts keep every kind seen. */
  static final int REMEMBERED = 256;

  private static final Logger log = LoggerFactory.getLogger(HandlerErrors.class);

  /** A kind of failure: a consumer's handler and what it threw. */
  record Kind(String consumer, String handler, String exception) {}

  private final LongSupplier nanoTime;
  private final Map<Kind, LongAdder> counts = new ConcurrentHashMap<>();
  private final List<ConsumerEndpoints.HandlerErrorWatcher> watchers = new CopyOnWriteArrayList<>();
  private final Map<Kind, Window> reported =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Kind, Window> eldest) {
          return size() > REMEMBERED;
        }
      };

  /** Failures since the last line about their kind, and when that line was written. */
  private static final class Window {
    long loggedAtNanos;
    long suppressed;
  }

  HandlerErrors() {
    this(System::nanoTime);
  }

  HandlerErrors(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /**
   * Counts and, if its kind is due, logs that {@code handler} of {@code consumer} threw {@code
   * failure} in {@code where}, such as "session 3f2a" or "worker channel thumbnails".
   */
  void report(Class<?> consumer, HandlerMethod handler, String where, Throwable failure) {
    Kind kind =
        new Kind(consumer.getSimpleName(), handler.describe(), failure.getClass().getName());
    count(kind);
    long suppressed = due(kind);
    if (suppressed == 0) {
      log.error("{} failed in {}", handler.describe(), where, failure);
    } else if (suppressed > 0) {
      log.error(
          "{} failed {} more times with {} in the last {} s; the last, in {}: {}. Every"
              + " failure is counted in the channels.handler.errors meter.",
          handler.describe(),
          suppressed,
          failure.getClass().getSimpleName(),
          SUMMARY_INTERVAL.toSeconds(),
          where,
          failure.getMessage());
    }
  }

  /**
   * 0 if this kind is new (log it whole), the number of failures to sum up if its line is due, or
   * -1 if it is not due (count it for the next line).
   */
  private synchronized long due(Kind kind) {
    long now = nanoTime.getAsLong();
    Window window = reported.get(kind);
    if (window == null) {
      window = new Window();
      window.loggedAtNanos = now;
      reported.put(kind, window);
      return 0;
    }
    window.suppressed++;
    if (now - window.loggedAtNanos < SUMMARY_INTERVAL.toNanos()) {
      return -1;
    }
    long suppressed = window.suppressed;
    window.suppressed = 0;
    window.loggedAtNanos = now;
    return suppressed;
  }

  /** Every failure so far, by kind. */
  Map<Kind, LongAdder> counts() {
    return counts;
  }

  /** Tells {@code watcher} of every kind seen so far, and of each new one as it comes. */
  void watch(ConsumerEndpoints.HandlerErrorWatcher watcher) {
    watchers.add(watcher);
    counts.forEach((kind, count) -> tell(watcher, kind, count));
  }

  private void count(Kind kind) {
    LongAdder count = counts.get(kind);
    if (count == null) {
      LongAdder fresh = new LongAdder();
      count = counts.putIfAbsent(kind, fresh);
      if (count == null) {
        count = fresh;
        for (ConsumerEndpoints.HandlerErrorWatcher watcher : watchers) {
          tell(watcher, kind, fresh);
        }
      }
    }
    count.increment();
  }

  private static void tell(
      ConsumerEndpoints.HandlerErrorWatcher watcher, Kind kind, LongAdder count) {
    watcher.newKind(kind.consumer(), kind.handler(), kind.exception(), count);
  }
}
