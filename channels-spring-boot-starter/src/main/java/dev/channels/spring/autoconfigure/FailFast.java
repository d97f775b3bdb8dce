package dev.channels.spring.autoconfigure;

import dev.channels.ChannelLayer;
import dev.channels.spring.BackendHealth;
import dev.channels.spring.ChannelLayerBackend;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code channels.layers.<alias>.fail-fast}: at startup, the layer must reach its backend within
 * {@code fail-fast-timeout}, as its backend's health tells, or the application does not start. By
 * default a layer starts whatever its backend's state, keeps connecting, and reports DOWN in the
 * health endpoint meanwhile.
 */
final class FailFast {

  private FailFast() {}

  /**
   * Waits for {@code layer} to report UP; closes it and throws, naming what its backend said, if it
   * does not within {@code timeout}.
   */
  static void awaitUp(
      String alias, ChannelLayer layer, ChannelLayerBackend backend, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    BackendHealth health = backend.health(layer);
    while (health.status() == BackendHealth.Status.DOWN && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // startup waits on purpose here
      health = backend.health(layer);
    }
    if (health.status() == BackendHealth.Status.DOWN) {
      layer.close();
      String property = "channels.layers.%s.fail-fast".formatted(alias);
      throw new InvalidChannelLayerConfigurationException(
          property,
          "The channel layer '%s' (%s) did not reach its backend within %d s, and %s is true: %s"
              .formatted(alias, backend.name(), timeout.toSeconds(), property, health.details()),
          "Start the backend or correct its address, or set %s to false to start anyway and report DOWN in /actuator/health/channels until it is reached."
              .formatted(property),
          null);
    }
  }
}
