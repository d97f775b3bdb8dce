package dev.channels.rabbitmq.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.BlockingChannelLayer;
import dev.channels.ChannelLayer;
import dev.channels.Message;
import dev.channels.rabbitmq.testing.RabbitBrokers;
import dev.channels.spring.ChannelLayers;
import dev.channels.spring.actuate.ChannelLayerHealthContributorAutoConfiguration;
import dev.channels.spring.actuate.ChannelLayerMetricsAutoConfiguration;
import dev.channels.spring.actuate.ChannelsEndpoint;
import dev.channels.spring.actuate.ChannelsEndpointAutoConfiguration;
import dev.channels.spring.actuate.LayerDescriptor;
import dev.channels.spring.autoconfigure.ChannelLayerAutoConfiguration;
import dev.channels.test.TestNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What the Actuator shows of a RabbitMQ layer: its health, its own meters and what it holds. */
class RabbitActuatorTest {

  private final String exchange = TestNames.unique("actuator");
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  RabbitAutoConfiguration.class,
                  RabbitChannelLayerAutoConfiguration.class,
                  ChannelLayerAutoConfiguration.class,
                  ChannelLayerHealthContributorAutoConfiguration.class,
                  MetricsAutoConfiguration.class,
                  SimpleMetricsExportAutoConfiguration.class,
                  ChannelLayerMetricsAutoConfiguration.class,
                  ChannelsEndpointAutoConfiguration.class))
          .withPropertyValues(
              "management.endpoints.web.exposure.include=channels",
              "spring.rabbitmq.virtual-host=" + RabbitBrokers.virtualHost(),
              "channels.layers.default.rabbitmq.groups-exchange=" + exchange,
              "channels.layers.default.rabbitmq.queue-prefix=" + exchange + ".");

  @Test
  void aLayerWhoseBrokerRefusesConnectionsIsDownAndSaysWhy() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    runner
        .withPropertyValues(
            "channels.layers.default.backend=rabbitmq",
            "spring.rabbitmq.port=" + port,
            "spring.rabbitmq.password=secret-0815")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Health down = health(context, "default");
              assertThat(down.getStatus()).isEqualTo(Status.DOWN);
              assertThat(down.getDetails())
                  .containsEntry("backend", "rabbitmq")
                  .containsEntry("reason", RabbitBackend.UNREACHABLE);
              assertThat((String) down.getDetails().get("address")).contains(":" + port);
              assertThat((String) down.getDetails().get("failure")).contains("Connection refused");
              assertThat(down.getDetails().toString()).doesNotContain("secret-0815");
            });
  }

  @Test
  void aConnectedLayerIsUpAndReportsItsConfirmsAndConnection() {
    runner
        .withPropertyValues("channels.layers.default.backend=rabbitmq")
        .run(
            context -> {
              ChannelLayer layer = context.getBean(ChannelLayer.class);
              layer.blocking().send(layer.newChannel(), Message.of("test.rabbit"));

              assertThat(health(context, "default").getStatus()).isEqualTo(Status.UP);
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(
                      registry
                          .get("channels.rabbitmq.confirm")
                          .tag("layer", "default")
                          .functionTimer()
                          .count())
                  .isPositive();
              assertThat(
                      registry
                          .get("channels.rabbitmq.connected")
                          .tag("layer", "default")
                          .gauge()
                          .value())
                  .isEqualTo(1);
            });
  }

  @Test
  void listsWhatTheLayerHolds() {
    runner
        .withPropertyValues("channels.layers.default.backend=rabbitmq")
        .run(
            context -> {
              ChannelLayer layer = context.getBean(ChannelLayers.class).get("default");
              String first = layer.newChannel();
              BlockingChannelLayer blocking = layer.blocking();
              blocking.groupAdd("room", first);
              blocking.groupAdd("room", layer.newChannel());
              blocking.send("worker.jobs", Message.of("test.one"));
              blocking.send("worker.jobs", Message.of("test.two"));
              blocking.send(first, Message.of("test.three"));

              LayerDescriptor described =
                  context.getBean(ChannelsEndpoint.class).layers().layers().get("default");

              assertThat(described.backend()).isEqualTo("rabbitmq");
              assertThat(described.error()).isNull();
              assertThat(described.snapshot().groups()).isEqualTo(Map.of("room", 2));
              assertThat(described.snapshot().channels())
                  .isEqualTo(Map.of("worker.jobs", 2, first, 1));
              assertThat(described.stats().sent()).isEqualTo(3);
            });
  }

  private static Health health(AssertableApplicationContext context, String alias) {
    CompositeHealthContributor channels =
        context.getBean("channelsHealthContributor", CompositeHealthContributor.class);
    return ((HealthIndicator) channels.getContributor(alias)).health();
  }
}
