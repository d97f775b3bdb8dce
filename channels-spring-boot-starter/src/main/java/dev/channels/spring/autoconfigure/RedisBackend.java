package dev.channels.spring.autoconfigure;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.layer.redis.RedisChannelLayer;
import dev.channels.layer.redis.RedisConnectionFactories;
import dev.channels.layer.redis.RedisLayerOptions;
import dev.channels.spring.ChannelLayerBackend;
import io.lettuce.core.SslOptions;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The "redis" backend. A layer with {@code hosts} or a Sentinel master connects there; one without
 * reaches the Redis of Spring Boot's own {@code spring.data.redis} settings, through a connection
 * factory of its own, so Boot's connection and its other users are left as they are.
 */
final class RedisBackend implements ChannelLayerBackend {

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
  public ChannelLayer create(
      String alias, ChannelsProperties.Layer properties, ChannelLayerSettings settings) {
    RedisLayerOptions options = options(alias, properties);
    RedisChannelLayer.Builder layer =
        RedisChannelLayer.builder().settings(settings).options(options);
    LettuceConnectionFactory boot = bootConnection.getIfAvailable();
    if (options.hosts().isEmpty() && options.sentinel() == null && boot != null) {
      layer.connections(
          resources ->
              List.of(RedisConnectionFactories.derive(boot, options.commandTimeout(), resources)));
    }
    return layer.build();
  }

  private RedisLayerOptions options(String alias, ChannelsProperties.Layer properties) {
    ChannelsProperties.Sentinel sentinel = properties.getSentinel();
    return RedisLayerOptions.builder()
        .hosts(properties.getHosts())
        .prefix(properties.getPrefix())
        .symmetricEncryptionKeys(properties.getSymmetricEncryptionKeys())
        .sentinel(
            sentinel.getMaster() == null
                ? null
                : new RedisLayerOptions.Sentinel(
                    sentinel.getMaster(), sentinel.getNodes(), sentinel.getPassword()))
        .ssl(ssl(alias, properties.getSslBundle()))
        .build();
  }

  private @Nullable SslOptions ssl(String alias, @Nullable String bundleName) {
    if (bundleName == null) {
      return null;
    }
    String property = "channels.layers.%s.ssl-bundle".formatted(alias);
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
