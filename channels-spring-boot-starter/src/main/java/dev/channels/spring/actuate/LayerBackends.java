package dev.channels.spring.actuate;

import dev.channels.ChannelLayer;
import dev.channels.spring.ChannelLayerBackend;
import java.util.List;
import java.util.Optional;

/**
 * The backends the application has, asked which of them a layer belongs to: the Actuator support
 * describes a layer through its backend and names no backend class itself.
 */
final class LayerBackends {

  private final List<ChannelLayerBackend> backends;

  LayerBackends(List<ChannelLayerBackend> backends) {
    this.backends = List.copyOf(backends);
  }

  /** The backend that owns {@code layer}, if one does. */
  Optional<ChannelLayerBackend> ownerOf(ChannelLayer layer) {
    return backends.stream().filter(backend -> backend.owns(layer)).findFirst();
  }

  /**
   * The owning backend's name, as {@code channels.layers.<alias>.backend} gives it, or the layer's
   * class name.
   */
  String nameOf(ChannelLayer layer) {
    return ownerOf(layer).map(ChannelLayerBackend::name).orElse(layer.getClass().getName());
  }
}
