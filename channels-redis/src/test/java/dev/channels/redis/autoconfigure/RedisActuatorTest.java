package dev.channels.redis.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.BlockingChannelLayer;
import dev.channels.ChannelLayer;
import dev.channels.Message;
import dev.channels.redis.testing.RedisServers;
import dev.channels.spi.Names;
import dev.channels.spring.ChannelLayers;
import dev.channels.spring.actuate.ChannelLayerHealthContributorAutoConfiguration;
import dev.channels.spring.actuate.ChannelLayerMetricsAutoConfiguration;
import dev.channels.spring.actuate.ChannelsEndpoint;
import dev.channels.spring.actuate.ChannelsEndpointAutoConfiguration;
import dev.channels.spring.actuate.LayerDescriptor;
import dev.channels.spring.autoconfigure.ChannelLayerAutoConfiguration;
import dev.channels.test.TestNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What the Actuator shows of a Redis layer: its health, its own meters and what it holds. */
class RedisActuatorTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  RedisChannelLayerAutoConfiguration.class,
                  ChannelLayerAutoConfiguration.class,
                  ChannelLayerHealthContributorAutoConfiguration.class,
                  MetricsAutoConfiguration.class,
                  SimpleMetricsExportAutoConfiguration.class,
                  ChannelLayerMetricsAutoConfiguration.class,
                  ChannelsEndpointAutoConfiguration.class))
          .withPropertyValues("management.endpoints.web.exposure.include=channels");

  @Test
  void aRedisLayerIsDownUntilItsRedisStartsThenUp() {
    int port = RedisServers.freePort();
    String address = "redis://127.0.0.1:" + port + "/0";
    runner
        .withPropertyValues(
            "channels.layers.events.backend=redis",
            "channels.layers.events.hosts[0]=" + address,
            "channels.layers.events.prefix=" + TestNames.unique("health"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Health down = health(context, "events");
              assertThat(down.getStatus()).isEqualTo(Status.DOWN);
              assertThat(down.getDetails())
                  .containsEntry("backend", "redis")
                  .containsEntry("addresses", List.of(address))
                  .containsEntry("reason", RedisBackend.UNREACHABLE);
              assertThat(failures(down))
                  .hasEntrySatisfying(
                      address, reason -> assertThat(reason).contains("Connection refused"));
              assertThat(health(context, "default").getStatus()).isEqualTo(Status.UP);

              RedisServers.Process redis = RedisServers.startOn(port);
              try {
                await()
                    .atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                        () ->
                            assertThat(health(context, "events").getStatus()).isEqualTo(Status.UP));
                assertThat(health(context, "events").getDetails())
                    .doesNotContainKey("reason")
                    .doesNotContainKey("failures");
              } finally {
                context.close();
                redis.kill();
              }
            });
  }

  @Test
  void aRedisLayerThatRedisRefusesToLogInSaysSoWithoutThePassword() {
    RedisServers.Process redis =
        RedisServers.start("--user", "channels", "on", ">right-Pass", "~*", "&*", "+@all");
    String secret = "wrong-Pass-0815";
    try {
      runner
          .withPropertyValues(
              "channels.layers.events.backend=redis",
              "channels.layers.events.hosts[0]=redis://channels:"
                  + secret
                  + "@127.0.0.1:"
                  + redis.port()
                  + "/0")
          .run(
              context -> {
                Health down = health(context, "events");
                assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                assertThat(failures(down))
                    .hasEntrySatisfying(
                        "redis://127.0.0.1:" + redis.port() + "/0",
                        reason -> assertThat(reason).contains("WRONGPASS"));
                assertThat(down.getDetails().toString()).doesNotContain(secret);
              });
    } finally {
      redis.kill();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> failures(Health health) {
    return (Map<String, String>) health.getDetails().get("failures");
  }

  @Test
  void aRedisLayerReportsItsRoundTripsAndConnection() {
    String prefix = TestNames.unique("metrics") + ":";
    runner
        .withPropertyValues(
            "channels.layers.default.backend=redis",
            "channels.layers.default.hosts[0]=" + RedisServers.url(),
            "channels.layers.default.prefix=" + prefix)
        .run(
            context -> {
              ChannelLayer layer = context.getBean(ChannelLayer.class);
              layer.blocking().send(layer.newChannel(), Message.of("test.redis"));

              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(
                      registry
                          .get("channels.redis.round.trip")
                          .tag("layer", "default")
                          .functionTimer()
                          .count())
                  .isPositive();
              assertThat(gauge(registry, "channels.redis.connected")).isEqualTo(1);
              layer.flush().join();
            });
  }

  @Test
  void listsWhatARedisLayerHoldsInRedis() {
    String prefix = TestNames.unique("endpoint") + ":";
    runner
        .withPropertyValues(
            "channels.layers.events.backend=redis",
            "channels.layers.events.hosts[0]=" + RedisServers.url(),
            "channels.layers.events.prefix=" + prefix)
        .run(
            context -> {
              ChannelLayer events = context.getBean(ChannelLayers.class).get("events");
              try {
                String first = events.newChannel();
                BlockingChannelLayer blocking = events.blocking();
                blocking.groupAdd("room", first);
                blocking.groupAdd("room", events.newChannel());
                blocking.send("worker.jobs", Message.of("test.one"));
                blocking.send("worker.jobs", Message.of("test.two"));
                blocking.send(first, Message.of("test.three"));

                LayerDescriptor described =
                    context.getBean(ChannelsEndpoint.class).layers().layers().get("events");

                assertThat(described.backend()).isEqualTo("redis");
                assertThat(described.error()).isNull();
                assertThat(described.snapshot().groups()).isEqualTo(Map.of("room", 2));
                // Unread in Redis, a process-local channel's messages are its queue's.
                assertThat(described.snapshot().channels())
                    .isEqualTo(Map.of("worker.jobs", 2, Names.nonLocalName(first), 1));
                assertThat(described.stats().sent()).isEqualTo(3);
              } finally {
                events.flush().join();
              }
            });
  }

  private static Health health(AssertableApplicationContext context, String alias) {
    CompositeHealthContributor channels =
        context.getBean("channelsHealthContributor", CompositeHealthContributor.class);
    return ((HealthIndicator) channels.getContributor(alias)).health();
  }

  private static double gauge(MeterRegistry registry, String name) {
    return registry.get(name).tag("layer", "default").gauge().value();
  }
}
