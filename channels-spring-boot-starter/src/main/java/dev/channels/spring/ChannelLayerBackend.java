package dev.channels.spring;

import dev.channels.ChannelLayer;
import java.util.List;

/**
 * A backend that {@code channels.layers.<alias>.backend} can name. The starter registers
 * "in-memory"; a backend module, such as {@code channels-redis}, registers its own when it is on
 * the classpath, and so does any bean of this type.
 *
 * <p>Besides making layers, a backend describes them to the Actuator: {@link #owns} says which
 * layers are its own, and for those {@link #health} and {@link #meters} give what {@code
 * /actuator/health/channels} and the Micrometer meters show. The Actuator support names no backend
 * class; it asks the backends.
 */
public interface ChannelLayerBackend {

  /** The name used in {@code channels.layers.<alias>.backend}, such as {@code redis}. */
  String name();

  /**
   * A new layer for the alias {@code definition} describes. A backend reads options of its own with
   * {@link ChannelLayerDefinition#bind}, and reports values it cannot work with by throwing {@link
   * dev.channels.spring.autoconfigure.InvalidChannelLayerConfigurationException} naming the
   * property, which startup turns into a report with the fix.
   */
  ChannelLayer create(ChannelLayerDefinition definition);

  /** Whether {@code layer} is one of this backend's layers, whoever made it. */
  default boolean owns(ChannelLayer layer) {
    return false;
  }

  /**
   * The health of one of this backend's layers, from what the layer already knows: a health check
   * must not wait on a broker.
   */
  default BackendHealth health(ChannelLayer layer) {
    return BackendHealth.unknown();
  }

  /** Meters of this backend's own, beyond the ones every layer has, for each of its layers. */
  default List<BackendMeter> meters() {
    return List.of();
  }
}
