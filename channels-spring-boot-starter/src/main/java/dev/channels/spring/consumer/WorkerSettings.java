package dev.channels.spring.consumer;

import java.util.List;
import java.util.Map;

/**
 * Which channels this instance works, from {@code channels.worker.*}.
 *
 * @param enabled whether this instance works any channel at all, as a Django process run with
 *     {@code runworker} does and a web process does not
 * @param channels the channels to work; empty for every channel a {@code @ChannelWorker} names
 * @param concurrency messages handled at once by channel, over the workers' own {@code concurrency}
 */
public record WorkerSettings(
    boolean enabled, List<String> channels, Map<String, Integer> concurrency) {

  /** Copies the list and the map. */
  public WorkerSettings {
    channels = List.copyOf(channels);
    concurrency = Map.copyOf(concurrency);
  }

  /** Whether {@code channel} is worked here. */
  boolean works(String channel) {
    return enabled && (channels.isEmpty() || channels.contains(channel));
  }

  /** How many messages of {@code channel} are handled at once, given the worker's own figure. */
  int concurrencyOf(String channel, int declared) {
    return concurrency.getOrDefault(channel, declared);
  }
}
