package dev.channels.spring.autoconfigure;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.layer.memory.InMemoryChannelLayer;
import dev.channels.spring.ChannelLayerBackend;

/** The "in-memory" backend: one process, no broker. */
final class InMemoryBackend implements ChannelLayerBackend {

  @Override
  public String name() {
    return "in-memory";
  }

  @Override
  public ChannelLayer create(
      String alias, ChannelsProperties.Layer properties, ChannelLayerSettings settings) {
    return new InMemoryChannelLayer(settings);
  }
}
