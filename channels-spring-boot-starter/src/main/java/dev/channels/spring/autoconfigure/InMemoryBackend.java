package dev.channels.spring.autoconfigure;

import dev.channels.ChannelLayer;
import dev.channels.layer.memory.InMemoryChannelLayer;
import dev.channels.spring.BackendHealth;
import dev.channels.spring.ChannelLayerBackend;
import dev.channels.spring.ChannelLayerDefinition;
import java.util.Map;

/** The "in-memory" backend: one process, no broker, always up. */
final class InMemoryBackend implements ChannelLayerBackend {

  @Override
  public String name() {
    return "in-memory";
  }

  @Override
  public ChannelLayer create(ChannelLayerDefinition definition) {
    return new InMemoryChannelLayer(definition.settings());
  }

  @Override
  public boolean owns(ChannelLayer layer) {
    return layer instanceof InMemoryChannelLayer;
  }

  @Override
  public BackendHealth health(ChannelLayer layer) {
    return BackendHealth.up(Map.of());
  }
}
