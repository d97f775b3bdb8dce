package dev.channels.rabbitmq.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import dev.channels.layer.memory.InMemoryChannelLayer;
import dev.channels.rabbitmq.RabbitChannelLayer;
import dev.channels.rabbitmq.testing.RabbitBrokers;
import dev.channels.spring.ChannelLayers;
import dev.channels.spring.autoconfigure.ChannelLayerAutoConfiguration;
import dev.channels.spring.autoconfigure.ChannelsFailureAnalyzer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** How a Spring Boot application's settings reach the RabbitMQ backend. */
class RabbitBackendAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  RabbitAutoConfiguration.class,
                  RabbitChannelLayerAutoConfiguration.class,
                  ChannelLayerAutoConfiguration.class));

  @Test
  void itConnectsWithSpringBootsRabbitmqSettingsOnAConnectionOfItsOwn() {
    runner
        .withPropertyValues(
            "channels.layers.default.backend=rabbitmq",
            "channels.layers.default.capacity=42",
            "spring.rabbitmq.host=" + RabbitBrokers.HOST,
            "spring.rabbitmq.port=" + RabbitBrokers.PORT,
            "spring.rabbitmq.username=guest",
            "spring.rabbitmq.password=guest",
            "spring.rabbitmq.virtual-host=" + RabbitBrokers.virtualHost())
        .run(
            context -> {
              RabbitChannelLayer layer = (RabbitChannelLayer) context.getBean(ChannelLayer.class);
              assertThat(layer.settings().capacity()).isEqualTo(42);
              assertThat(layer.address()).contains(RabbitBrokers.virtualHost());
              String channel = layer.newChannel();
              layer.send(channel, Message.of("test.rabbit")).join();
              assertThat(layer.blocking().receive(channel, Duration.ofSeconds(10)))
                  .contains(Message.of("test.rabbit"));
              assertThat(RabbitBrokers.connectionsNamed("spring-channels " + layer.queueName()))
                  .hasSize(1);
              assertThat(context.getBean(CachingConnectionFactory.class))
                  .as("Boot's own connection factory is still there for its other users")
                  .isNotSameAs(null);
            });
  }

  @Test
  void theLayersVirtualHostLeavesSpringBootsConnectionAsItIs() {
    runner
        .withPropertyValues(
            "channels.layers.default.backend=rabbitmq",
            "channels.layers.default.rabbitmq.virtual-host=" + RabbitBrokers.virtualHost(),
            "spring.rabbitmq.virtual-host=/")
        .run(
            context -> {
              RabbitChannelLayer layer = (RabbitChannelLayer) context.getBean(ChannelLayer.class);
              assertThat(layer.isConnected()).isTrue();
              assertThat(layer.address()).contains("'" + RabbitBrokers.virtualHost() + "'");
              assertThat(context.getBean(CachingConnectionFactory.class).getVirtualHost())
                  .isEqualTo("/");
            });
  }

  @Test
  void aliasesMayUseDifferentBackends() {
    runner
        .withPropertyValues(
            "channels.layers.events.backend=rabbitmq",
            "channels.layers.events.rabbitmq.virtual-host=" + RabbitBrokers.virtualHost())
        .run(
            context -> {
              ChannelLayers layers = context.getBean(ChannelLayers.class);
              assertThat(layers.get("default")).isInstanceOf(InMemoryChannelLayer.class);
              assertThat(layers.get("events")).isInstanceOf(RabbitChannelLayer.class);
            });
  }

  @Test
  void anInvalidOptionNamesItsProperty() {
    runner
        .withPropertyValues(
            "channels.layers.default.backend=rabbitmq",
            "channels.layers.default.rabbitmq.groups-exchange=has space")
        .run(
            context -> {
              FailureAnalysis analysis =
                  new ChannelsFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains("channels.layers.default.rabbitmq.groups-exchange")
                  .contains("'has space' is invalid");
            });
  }

  @Test
  void aQueueExpiryShorterThanTwiceTheExpiryNamesTheFix() {
    runner
        .withPropertyValues(
            "channels.layers.default.backend=rabbitmq",
            "channels.layers.default.expiry=60s",
            "channels.layers.default.rabbitmq.queue-expires=90s")
        .run(
            context -> {
              FailureAnalysis analysis =
                  new ChannelsFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains("channels.layers.default.rabbitmq.queue-expires")
                  .contains("at least twice the expiry");
            });
  }
}
