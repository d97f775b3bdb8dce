package dev.channels.rabbitmq.autoconfigure;

import dev.channels.spring.ChannelLayerBackend;
import dev.channels.spring.autoconfigure.ChannelLayerAutoConfiguration;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.amqp.autoconfigure.CachingConnectionFactoryConfigurer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The "rabbitmq" backend for {@code channels.layers.<alias>.backend}, registered whenever this
 * module and the starter are on the classpath. After Spring Boot's own RabbitMQ auto-configuration,
 * so that layers connect with the settings of {@code spring.rabbitmq.*}.
 */
@AutoConfiguration(
    before = ChannelLayerAutoConfiguration.class,
    afterName = "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration")
@ConditionalOnClass({ChannelLayerBackend.class, CachingConnectionFactoryConfigurer.class})
public final class RabbitChannelLayerAutoConfiguration {

  @Bean
  ChannelLayerBackend rabbitChannelLayerBackend(
      ObjectProvider<ConnectionFactory> bootConnection,
      ObjectProvider<CachingConnectionFactoryConfigurer> bootConfigurer) {
    return new RabbitBackend(bootConnection, bootConfigurer);
  }
}
