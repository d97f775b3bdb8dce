package dev.channels.rabbitmq;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends to this instance's own process-local channels that the broker has not yet handed back to
 * it. With the messages already there, they make the channel's fill, so a send of this instance
 * finds its own channel full exactly at its capacity, however far its earlier sends have got. A
 * count is forgotten on a reconnect (what was on its way then has arrived or is lost).
 */
final class InFlight {

  private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();

  /** How many sends to {@code channel} are on their way. */
  int count(String channel) {
    return counts.getOrDefault(channel, 0);
  }

  /** One more send to {@code channel} is on its way. */
  void sent(String channel) {
    counts.merge(channel, 1, Integer::sum);
  }

  /** A send to {@code channel} arrived, or failed. */
  void arrived(String channel) {
    counts.computeIfPresent(channel, (name, count) -> count > 1 ? count - 1 : null);
  }

  /** Forgets every count. */
  void clear() {
    counts.clear();
  }
}
