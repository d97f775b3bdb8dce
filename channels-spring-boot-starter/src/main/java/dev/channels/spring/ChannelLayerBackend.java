package dev.channels.spring;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.spring.autoconfigure.ChannelsProperties;

/**
 * A backend that {@code channels.layers.<alias>.backend} can name. The starter registers
 * "in-memory" always and "redis" when Spring Data Redis is present; a bean of this type adds
 * another.
 */
public interface ChannelLayerBackend {

  /** The name used in {@code channels.layers.<alias>.backend}, such as {@code redis}. */
  String name();

  /**
   * A new layer for {@code alias}, configured by {@code properties}; {@code settings} are the
   * shared settings already read and validated from them.
   */
  ChannelLayer create(
      String alias, ChannelsProperties.Layer properties, ChannelLayerSettings settings);
}
