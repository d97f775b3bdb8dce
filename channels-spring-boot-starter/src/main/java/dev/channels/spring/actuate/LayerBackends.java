package dev.channels.spring.actuate;

import dev.channels.ChannelLayer;
import dev.channels.layer.memory.InMemoryChannelLayer;
import dev.channels.layer.redis.RedisChannelLayer;

/** Names the backend of a layer the way {@code channels.layers.<alias>.backend} does. */
final class LayerBackends {

  private LayerBackends() {}

  /** "in-memory", "redis", or the class name of any other layer. */
  static String nameOf(ChannelLayer layer) {
    if (layer instanceof InMemoryChannelLayer) {
      return "in-memory";
    }
    // instanceof only loads RedisChannelLayer, which needs nothing from Lettuce until it is used.
    if (layer instanceof RedisChannelLayer) {
      return "redis";
    }
    return layer.getClass().getName();
  }
}
