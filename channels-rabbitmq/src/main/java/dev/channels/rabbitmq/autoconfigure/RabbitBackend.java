package dev.channels.rabbitmq.autoconfigure;

import dev.channels.ChannelLayer;
import dev.channels.InvalidSettingsException;
import dev.channels.rabbitmq.RabbitChannelLayer;
import dev.channels.rabbitmq.RabbitLayerOptions;
import dev.channels.spring.BackendHealth;
import dev.channels.spring.BackendMeter;
import dev.channels.spring.ChannelLayerBackend;
import dev.channels.spring.ChannelLayerDefinition;
import dev.channels.spring.autoconfigure.InvalidChannelLayerConfigurationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.amqp.autoconfigure.CachingConnectionFactoryConfigurer;

/**
 * The "rabbitmq" backend. Each layer connects with Spring Boot's {@code spring.rabbitmq.*} settings
 * (addresses, credentials, SSL bundle, timeouts, customizers: a copy of the client factory of
 * Boot's connection factory), but on a connection of its own, one per layer, so Boot's connection
 * and its other users are left as they are.
 */
final class RabbitBackend implements ChannelLayerBackend {

  static final String UNREACHABLE =
      "RabbitMQ is unreachable; the layer keeps reconnecting in the background and works again once"
          + " the broker is back. Check that RabbitMQ runs at the address shown and accepts the"
          + " credentials of spring.rabbitmq.*; 'failure' says why the last attempt failed.";

  private final ObjectProvider<ConnectionFactory> bootConnection;
  private final ObjectProvider<CachingConnectionFactoryConfigurer> bootConfigurer;

  RabbitBackend(
      ObjectProvider<ConnectionFactory> bootConnection,
      ObjectProvider<CachingConnectionFactoryConfigurer> bootConfigurer) {
    this.bootConnection = bootConnection;
    this.bootConfigurer = bootConfigurer;
  }

  @Override
  public String name() {
    return "rabbitmq";
  }

  @Override
  public ChannelLayer create(ChannelLayerDefinition definition) {
    RabbitLayerOptions options = options(definition);
    try {
      return RabbitChannelLayer.builder()
          .settings(definition.settings())
          .options(options)
          .connectionFactory(connectionFactory())
          .build();
    } catch (InvalidSettingsException e) {
      throw invalid(definition, e);
    }
  }

  @Override
  public boolean owns(ChannelLayer layer) {
    return layer instanceof RabbitChannelLayer;
  }

  // "failure": why the last attempt to connect failed (refused, a wrong password...).
  @Override
  public BackendHealth health(ChannelLayer layer) {
    RabbitChannelLayer rabbit = (RabbitChannelLayer) layer;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("address", rabbit.address());
    details.put("queue", rabbit.queueName());
    if (rabbit.isConnected()) {
      return BackendHealth.up(details);
    }
    details.put("reason", UNREACHABLE);
    String failure = rabbit.connectionFailure();
    if (failure != null) {
      details.put("failure", failure);
    }
    return BackendHealth.down(details);
  }

  @Override
  public List<BackendMeter> meters() {
    return List.of(
        new BackendMeter.Timer(
            "channels.rabbitmq.confirm",
            "Publishes to RabbitMQ and the time until the broker confirmed them",
            layer -> ((RabbitChannelLayer) layer).confirms(),
            layer -> ((RabbitChannelLayer) layer).confirmNanos(),
            TimeUnit.NANOSECONDS),
        new BackendMeter.Gauge(
            "channels.rabbitmq.connected",
            "1 while the layer is connected to RabbitMQ and set up, else 0",
            layer -> ((RabbitChannelLayer) layer).isConnected() ? 1 : 0));
  }

  // Boot's client factory carries spring.rabbitmq.* (and its SSL bundle and customizers); a copy
  // of it makes the layer's connection, so changing the layer's virtual host changes Boot's
  // nothing.
  private AbstractConnectionFactory connectionFactory() {
    ConnectionFactory boot = bootConnection.getIfAvailable();
    CachingConnectionFactory own =
        boot instanceof AbstractConnectionFactory configured
            ? new CachingConnectionFactory(configured.getRabbitConnectionFactory().clone())
            : new CachingConnectionFactory();
    CachingConnectionFactoryConfigurer configurer = bootConfigurer.getIfAvailable();
    if (configurer != null) {
      configurer.configure(own);
    }
    return own;
  }

  private static RabbitLayerOptions options(ChannelLayerDefinition definition) {
    RabbitLayerProperties.Rabbitmq properties =
        definition.bind(RabbitLayerProperties.class, RabbitLayerProperties::new).getRabbitmq();
    try {
      return RabbitLayerOptions.builder()
          .virtualHost(properties.getVirtualHost())
          .groupsExchange(properties.getGroupsExchange())
          .queuePrefix(properties.getQueuePrefix())
          .queueExpires(properties.getQueueExpires())
          .build();
    } catch (InvalidSettingsException e) {
      throw invalid(definition, e);
    }
  }

  private static InvalidChannelLayerConfigurationException invalid(
      ChannelLayerDefinition definition, InvalidSettingsException e) {
    String property = definition.property("rabbitmq." + e.setting());
    return new InvalidChannelLayerConfigurationException(
        property, property + ": " + e.getMessage(), "Correct " + property + ".", e);
  }
}
