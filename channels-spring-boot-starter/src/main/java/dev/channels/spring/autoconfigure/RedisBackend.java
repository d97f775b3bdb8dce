package dev.channels.spring.autoconfigure;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.layer.redis.RedisChannelLayer;
import dev.channels.layer.redis.RedisConnectionFactories;
import dev.channels.layer.redis.RedisLayerOptions;
import dev.channels.spring.ChannelLayerBackend;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The "redis" backend. A layer with {@code hosts} or a Sentinel master connects there; one without
 * reaches the Redis of Spring Boot's own {@code spring.data.redis} settings, through a connection
 * factory of its own, so Boot's connection and its other users are left as they are.
 */
final class RedisBackend implements ChannelLayerBackend {

  private final ObjectProvider<LettuceConnectionFactory> bootConnection;

  RedisBackend(ObjectProvider<LettuceConnectionFactory> bootConnection) {
    this.bootConnection = bootConnection;
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public ChannelLayer create(
      String alias, ChannelsProperties.Layer properties, ChannelLayerSettings settings) {
    RedisLayerOptions options = options(properties);
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

  private static RedisLayerOptions options(ChannelsProperties.Layer properties) {
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
        .build();
  }
}
