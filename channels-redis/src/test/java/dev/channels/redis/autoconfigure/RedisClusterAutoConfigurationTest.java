package dev.channels.redis.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import dev.channels.redis.RedisChannelLayer;
import dev.channels.redis.testing.RedisClusterServers;
import dev.channels.spring.autoconfigure.ChannelLayerAutoConfiguration;
import dev.channels.spring.autoconfigure.ChannelsFailureAnalyzer;
import dev.channels.test.TestNames;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RedisClusterAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataRedisAutoConfiguration.class,
                  RedisChannelLayerAutoConfiguration.class,
                  ChannelLayerAutoConfiguration.class))
          .withPropertyValues(
              "channels.layers.default.backend=redis",
              "channels.layers.default.prefix=" + TestNames.unique("boot-cluster") + ":");

  @Test
  void clusterNodesConnectTheLayerToTheClusterWithTheSharedOptions() {
    List<String> seeds = RedisClusterServers.shared().seeds();
    runner
        .withPropertyValues(
            "channels.layers.default.cluster.nodes[0]=" + seeds.get(0),
            "channels.layers.default.cluster.nodes[1]=" + seeds.get(1),
            "channels.layers.default.cluster.max-redirects=3",
            "channels.layers.default.capacity=42")
        .run(
            context -> {
              RedisChannelLayer layer = (RedisChannelLayer) context.getBean(ChannelLayer.class);
              assertThat(layer.settings().capacity()).isEqualTo(42);
              assertThat(layer.addresses()).singleElement().asString().contains("cluster");
              assertSendsAndReceives(layer);
            });
  }

  @Test
  void withoutHostsOrClusterNodesItUsesSpringBootsClusterSettings() {
    String nodes =
        RedisClusterServers.shared().seeds().stream()
            .map(seed -> seed.substring("redis://".length()))
            .collect(Collectors.joining(","));
    runner
        .withPropertyValues("spring.data.redis.cluster.nodes=" + nodes)
        .run(
            context -> {
              RedisChannelLayer layer = (RedisChannelLayer) context.getBean(ChannelLayer.class);
              assertThat(layer.addresses()).singleElement().asString().contains("cluster");
              assertSendsAndReceives(layer);
            });
  }

  @Test
  void hostsAndClusterNodesTogetherStopStartupNamingTheFix() {
    runner
        .withPropertyValues(
            "channels.layers.default.hosts[0]=redis://127.0.0.1:6379/0",
            "channels.layers.default.cluster.nodes[0]=redis://127.0.0.1:7000")
        .run(
            context -> {
              FailureAnalysis analysis =
                  new ChannelsFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains("channels.layers.default.cluster.nodes")
                  .contains("hosts and cluster.nodes are both set");
            });
  }

  @Test
  void aClusterNodeThatIsNotARedisUrlNamesThePropertyWithoutItsPassword() {
    runner
        .withPropertyValues(
            "channels.layers.default.cluster.nodes[0]=unix://:secret@/run/redis.sock")
        .run(
            context -> {
              FailureAnalysis analysis =
                  new ChannelsFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains("channels.layers.default.cluster.nodes")
                  .contains("is not a cluster node URL")
                  .doesNotContain("secret");
            });
  }

  private static void assertSendsAndReceives(RedisChannelLayer layer) {
    String channel = layer.newChannel();
    layer.send(channel, Message.of("test.cluster")).join();
    assertThat(layer.blocking().receive(channel, Duration.ofSeconds(10)))
        .contains(Message.of("test.cluster"));
  }
}
