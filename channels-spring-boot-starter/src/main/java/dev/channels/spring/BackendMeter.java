package dev.channels.spring;

import dev.channels.ChannelLayer;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A meter a backend adds to each of its layers, published through Micrometer with the tag {@code
 * layer=<alias>}. Described without Micrometer types, so that a backend module does not need
 * Micrometer to offer meters.
 */
public sealed interface BackendMeter {

  /** The meter's name, such as {@code channels.redis.connected}. */
  String name();

  /** What the meter measures, in a sentence. */
  String description();

  /**
   * A value read when the meter is read.
   *
   * @param value reads the value from the layer
   */
  record Gauge(String name, String description, ToDoubleFunction<ChannelLayer> value)
      implements BackendMeter {}

  /**
   * Running totals of timed events, such as round trips to a broker.
   *
   * @param count how many events there were
   * @param totalTime how long they took in all, in {@code unit}
   * @param unit the unit of {@code totalTime}
   */
  record Timer(
      String name,
      String description,
      ToLongFunction<ChannelLayer> count,
      ToDoubleFunction<ChannelLayer> totalTime,
      TimeUnit unit)
      implements BackendMeter {}
}
