package dev.channels.redis.autoconfigure;

import dev.channels.spring.ChannelLayerBackend;
import dev.channels.spring.autoconfigure.ChannelLayerAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The "redis" backend for {@code channels.layers.<alias>.backend}, registered whenever this module
 * and the starter are on the classpath. After Spring Boot's own Redis auto-configuration, so that a
 * layer without hosts can reach the Redis of {@code spring.data.redis.*}.
 */
@AutoConfiguration(
    before = ChannelLayerAutoConfiguration.class,
    afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(ChannelLayerBackend.class)
public final class RedisChannelLayerAutoConfiguration {

  @Bean
  ChannelLayerBackend redisChannelLayerBackend(
      ObjectProvider<LettuceConnectionFactory> bootConnection,
      ObjectProvider<SslBundles> sslBundles) {
    return new RedisBackend(bootConnection, sslBundles);
  }
}
