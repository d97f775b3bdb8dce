package dev.channels.spring.actuate;

import dev.channels.ChannelLayer;
import dev.channels.layer.memory.InMemoryChannelLayer;
import dev.channels.layer.redis.RedisChannelLayer;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of one layer: an in-memory layer is always up, a Redis layer is up while every host is
 * connected (and down otherwise, with why each unreachable host last failed), and a layer of any
 * other kind is unknown. Reads only what the layer already knows, so a health check never waits on
 * Redis.
 */
final class ChannelLayerHealthIndicator implements HealthIndicator {

  static final String UNREACHABLE =
      "Redis is unreachable; the layer keeps reconnecting in the background and works again once"
          + " Redis is back. Check that Redis runs at the addresses shown and accepts the layer's"
          + " credentials; 'failures' says why each host last failed.";

  private final ChannelLayer layer;

  ChannelLayerHealthIndicator(ChannelLayer layer) {
    this.layer = layer;
  }

  @Override
  public Health health() {
    if (layer instanceof InMemoryChannelLayer) {
      return Health.up().withDetail("backend", "in-memory").build();
    }
    if (layer instanceof RedisChannelLayer redis) {
      return redis(redis);
    }
    return Health.unknown().withDetail("backend", layer.getClass().getName()).build();
  }

  // "failures": why each unreachable host last failed (refused, a wrong password...), by address.
  private static Health redis(RedisChannelLayer layer) {
    Health.Builder health = layer.isConnected() ? Health.up() : down(layer);
    return health.withDetail("backend", "redis").withDetail("addresses", layer.addresses()).build();
  }

  private static Health.Builder down(RedisChannelLayer layer) {
    Health.Builder health = Health.down().withDetail("reason", UNREACHABLE);
    Map<String, String> failures = layer.connectionFailures();
    return failures.isEmpty() ? health : health.withDetail("failures", failures);
  }
}
