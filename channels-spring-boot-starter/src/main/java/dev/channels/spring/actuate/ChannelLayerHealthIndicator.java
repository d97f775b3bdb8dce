package dev.channels.spring.actuate;

import dev.channels.ChannelLayer;
import dev.channels.spring.BackendHealth;
import dev.channels.spring.ChannelLayerBackend;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of one layer, as the backend that owns it reports it (an in-memory layer is always up;
 * a broker's layer is up while connected); a layer no backend owns is unknown. Backends report only
 * what their layer already knows, so a health check never waits on a broker.
 */
final class ChannelLayerHealthIndicator implements HealthIndicator {

  private final ChannelLayer layer;
  private final LayerBackends backends;

  ChannelLayerHealthIndicator(ChannelLayer layer, LayerBackends backends) {
    this.layer = layer;
    this.backends = backends;
  }

  @Override
  public Health health() {
    Optional<ChannelLayerBackend> owner = backends.ownerOf(layer);
    BackendHealth health =
        owner.map(backend -> backend.health(layer)).orElse(BackendHealth.unknown());
    return Health.status(statusOf(health))
        .withDetail("backend", backends.nameOf(layer))
        .withDetails(health.details())
        .build();
  }

  private static Status statusOf(BackendHealth health) {
    return switch (health.status()) {
      case UP -> Status.UP;
      case DOWN -> Status.DOWN;
      case UNKNOWN -> Status.UNKNOWN;
    };
  }
}
