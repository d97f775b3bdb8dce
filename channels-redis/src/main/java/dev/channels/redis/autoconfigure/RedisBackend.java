package dev.channels.redis.autoconfigure;

import dev.channels.ChannelLayer;
import dev.channels.redis.RedisChannelLayer;
import dev.channels.redis.RedisConnectionFactories;
import dev.channels.redis.RedisLayerOptions;
import dev.channels.redis.RoundTrips;
import dev.channels.spring.BackendHealth;
import dev.channels.spring.BackendMeter;
import dev.channels.spring.ChannelLayerBackend;
import dev.channels.spring.ChannelLayerDefinition;
import dev.channels.spring.autoconfigure.InvalidChannelLayerConfigurationException;
import io.lettuce.core.SslOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The "redis" backend. A layer with {@code hosts}, a Sentinel master or {@code cluster.nodes}
 * connects there; one without reaches the Redis (or Redis Cluster) of Spring Boot's own {@code
 * spring.data.redis} settings, through a connection factory of its own, so Boot's connection and
 * its other users are left as they are.
 */
final class RedisBackend implements ChannelLayerBackend {

  static final String UNREACHABLE =
      "Redis is unreachable; the layer keeps reconnecting in the background and works again once"
          + " Redis is back. Check that Redis runs at the addresses shown and accepts the layer's"
          + " credentials; 'failures' says why each host last failed.";

  private final ObjectProvider<LettuceConnectionFactory> bootConnection;
  private final ObjectProvider<SslBundles> sslBundles;

  RedisBackend(
      ObjectProvider<LettuceConnectionFactory> bootConnection,
      ObjectProvider<SslBundles> sslBundles) {
    this.bootConnection = bootConnection;
    this.sslBundles = sslBundles;
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public ChannelLayer create(ChannelLayerDefinition definition) {
    RedisLayerOptions options = options(definition);
    RedisChannelLayer.Builder layer =
        RedisChannelLayer.builder().settings(definition.settings()).options(options);
    LettuceConnectionFactory boot = bootConnection.getIfAvailable();
    if (options.hosts().isEmpty()
        && options.sentinel() == null
        && options.cluster() == null
        && boot != null) {
      layer.connections(
          resources ->
              List.of(RedisConnectionFactories.derive(boot, options.commandTimeout(), resources)));
    }
    return layer.build();
  }

  @Override
  public boolean owns(ChannelLayer layer) {
    return layer instanceof RedisChannelLayer;
  }

  // "failures": why each unreachable host last failed (refused, a wrong password...), by address.
  @Override
  public BackendHealth health(ChannelLayer layer) {
    RedisChannelLayer redis = (RedisChannelLayer) layer;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("addresses", redis.addresses());
    if (redis.isConnected()) {
      return BackendHealth.up(details);
    }
    details.put("reason", UNREACHABLE);
    Map<String, String> failures = redis.connectionFailures();
    if (!failures.isEmpty()) {
      details.put("failures", failures);
    }
    return BackendHealth.down(details);
  }

  @Override
  public List<BackendMeter> meters() {
    return List.of(
        new BackendMeter.Timer(
            "channels.redis.round.trip",
            "Round trips of commands to Redis",
            layer -> roundTrips(layer).count(),
            layer -> roundTrips(layer).totalNanos(),
            TimeUnit.NANOSECONDS),
        new BackendMeter.Gauge(
            "channels.redis.connected",
            "1 while every Redis host of the layer is connected, else 0",
            layer -> ((RedisChannelLayer) layer).isConnected() ? 1 : 0),
        new BackendMeter.Gauge(
            "channels.redis.group.members.unread",
            "Group members whose queue the last group send to them found full: channels nobody"
                + " reads, or reads far too slowly",
            layer -> ((RedisChannelLayer) layer).unreadGroupMembers()));
  }

  private static RoundTrips roundTrips(ChannelLayer layer) {
    return ((RedisChannelLayer) layer).roundTrips();
  }

  private RedisLayerOptions options(ChannelLayerDefinition definition) {
    RedisLayerProperties properties =
        definition.bind(RedisLayerProperties.class, RedisLayerProperties::new);
    RedisLayerProperties.Sentinel sentinel = properties.getSentinel();
    return RedisLayerOptions.builder()
        .hosts(properties.getHosts())
        .prefix(properties.getPrefix())
        .symmetricEncryptionKeys(properties.getSymmetricEncryptionKeys())
        .commandTimeout(properties.getCommandTimeout())
        .sentinel(
            sentinel.getMaster() == null
                ? null
                : new RedisLayerOptions.Sentinel(
                    sentinel.getMaster(), sentinel.getNodes(), sentinel.getPassword()))
        .cluster(
            properties.getCluster().getNodes().isEmpty()
                ? null
                : new RedisLayerOptions.Cluster(
                    properties.getCluster().getNodes(), properties.getCluster().getMaxRedirects()))
        .ssl(ssl(definition, properties.getSslBundle()))
        .build();
  }

  private @Nullable SslOptions ssl(ChannelLayerDefinition definition, @Nullable String bundleName) {
    if (bundleName == null) {
      return null;
    }
    String property = definition.property("ssl-bundle");
    SslBundles bundles = sslBundles.getIfAvailable();
    try {
      if (bundles == null) {
        throw new NoSuchSslBundleException(bundleName, "no SSL bundles are configured");
      }
      SslManagerBundle managers = bundles.getBundle(bundleName).getManagers();
      return SslOptions.builder()
          .trustManager(managers.getTrustManagerFactory())
          .keyManager(managers.getKeyManagerFactory())
          .build();
    } catch (NoSuchSslBundleException e) {
      throw new InvalidChannelLayerConfigurationException(
          property,
          "%s names the SSL bundle '%s', which is not configured.".formatted(property, bundleName),
          "Configure it under spring.ssl.bundle.pem.%s (or .jks.%s), or correct %s."
              .formatted(bundleName, bundleName, property),
          e);
    }
  }
}
