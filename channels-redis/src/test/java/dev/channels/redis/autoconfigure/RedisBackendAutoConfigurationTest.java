package dev.channels.redis.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import dev.channels.layer.memory.InMemoryChannelLayer;
import dev.channels.redis.RedisChannelLayer;
import dev.channels.redis.testing.RedisServers;
import dev.channels.spring.ChannelLayers;
import dev.channels.spring.autoconfigure.ChannelLayerAutoConfiguration;
import dev.channels.spring.autoconfigure.ChannelsFailureAnalyzer;
import dev.channels.test.TestNames;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

class RedisBackendAutoConfigurationTest {

  private final String prefix = TestNames.unique("boot") + ":";
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataRedisAutoConfiguration.class,
                  RedisChannelLayerAutoConfiguration.class,
                  ChannelLayerAutoConfiguration.class))
          .withPropertyValues("channels.layers.default.prefix=" + prefix);

  @Test
  void theRedisBackendConnectsToTheConfiguredHosts() {
    runner
        .withPropertyValues(
            "channels.layers.default.backend=redis",
            "channels.layers.default.hosts[0]=" + RedisServers.url(),
            "channels.layers.default.capacity=42")
        .run(
            context -> {
              RedisChannelLayer layer = (RedisChannelLayer) context.getBean(ChannelLayer.class);
              assertThat(layer.settings().capacity()).isEqualTo(42);
              String channel = layer.newChannel();
              layer.send(channel, Message.of("test.redis")).join();
              assertThat(layer.blocking().receive(channel, Duration.ofSeconds(10)))
                  .contains(Message.of("test.redis"));
            });
  }

  @Test
  void withoutHostsItUsesSpringBootsRedisConnection() {
    URI server = URI.create(RedisServers.url());
    runner
        .withPropertyValues(
            "channels.layers.default.backend=redis",
            "spring.data.redis.host=" + server.getHost(),
            "spring.data.redis.port=" + server.getPort())
        .run(
            context -> {
              RedisChannelLayer layer = (RedisChannelLayer) context.getBean(ChannelLayer.class);
              assertThat(layer.addresses())
                  .containsExactly("redis://" + server.getHost() + ":" + server.getPort() + "/0");
              assertThat(layer.isConnected()).isTrue();
              assertThat(context.getBean(LettuceConnectionFactory.class))
                  .as("Boot's own connection factory is still there for its other users")
                  .isNotNull();
            });
  }

  @Test
  void aliasesMayUseDifferentBackends() {
    runner
        .withPropertyValues(
            "channels.layers.events.backend=redis",
            "channels.layers.events.hosts[0]=" + RedisServers.url(),
            "channels.layers.events.prefix=" + prefix)
        .run(
            context -> {
              ChannelLayers layers = context.getBean(ChannelLayers.class);
              assertThat(layers.get("default")).isInstanceOf(InMemoryChannelLayer.class);
              assertThat(layers.get("events")).isInstanceOf(RedisChannelLayer.class);
            });
  }

  @Test
  void verifiesRedissHostsWithASpringBootSslBundle() {
    RedisServers.Process redis = RedisServers.startTls();
    try {
      runner
          .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
          .withPropertyValues(
              "spring.ssl.bundle.pem.redis.truststore.certificate=file:"
                  + redis.dir().resolve("ca.crt"),
              "channels.layers.default.backend=redis",
              "channels.layers.default.hosts[0]=rediss://localhost:" + redis.port() + "/0",
              "channels.layers.default.ssl-bundle=redis")
          .run(
              context -> {
                RedisChannelLayer layer = (RedisChannelLayer) context.getBean(ChannelLayer.class);
                assertThat(layer.isConnected()).isTrue();
                String channel = layer.newChannel();
                layer.send(channel, Message.of("test.tls")).join();
                assertThat(layer.blocking().receive(channel, Duration.ofSeconds(10)))
                    .contains(Message.of("test.tls"));
              });
    } finally {
      redis.kill();
    }
  }

  @Test
  void anUnknownSslBundleNamesThePropertyAndWhereToConfigureIt() {
    runner
        .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
        .withPropertyValues(
            "channels.layers.default.backend=redis",
            "channels.layers.default.hosts[0]=rediss://localhost:6380/0",
            "channels.layers.default.ssl-bundle=missing")
        .run(
            context -> {
              FailureAnalysis analysis =
                  new ChannelsFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains("channels.layers.default.ssl-bundle names the SSL bundle 'missing'");
              assertThat(analysis.getAction()).contains("spring.ssl.bundle.pem.missing");
            });
  }

  @Test
  void aHostThatIsNotARedisUrlNamesTheProperty() {
    runner
        .withPropertyValues(
            "channels.layers.default.backend=redis",
            "channels.layers.default.hosts[0]=http://user:secret@example.com")
        .run(
            context -> {
              FailureAnalysis analysis =
                  new ChannelsFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains("channels.layers.default.hosts")
                  .contains("is not a Redis URL")
                  .doesNotContain("secret");
            });
  }

  @Test
  void withFailFastALayerWhoseRedisCannotBeReachedStopsStartupSayingWhy() {
    int unused = RedisServers.freePort();
    runner
        .withPropertyValues(
            "channels.layers.default.backend=redis",
            "channels.layers.default.hosts[0]=redis://127.0.0.1:" + unused + "/0",
            "channels.layers.default.fail-fast=true",
            "channels.layers.default.fail-fast-timeout=1s")
        .run(
            context -> {
              FailureAnalysis analysis =
                  new ChannelsFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis).isNotNull();
              assertThat(analysis.getDescription())
                  .contains(
                      "The channel layer 'default' (redis) did not reach its backend within 1 s")
                  .contains("channels.layers.default.fail-fast is true")
                  .contains("Connection refused");
              assertThat(analysis.getAction())
                  .contains("set channels.layers.default.fail-fast to false to start anyway");
            });
  }

  @Test
  void withFailFastALayerThatReachesRedisStarts() {
    runner
        .withPropertyValues(
            "channels.layers.default.backend=redis",
            "channels.layers.default.hosts[0]=" + RedisServers.url(),
            "channels.layers.default.fail-fast=true")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ChannelLayer.class));
  }
}
