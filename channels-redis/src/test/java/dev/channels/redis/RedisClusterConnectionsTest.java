package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Message;
import dev.channels.redis.testing.RedisClusterServers;
import dev.channels.test.TestNames;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An instance keeps a bounded number of connections to each cluster node, counted with {@code
 * CLIENT LIST} by the name its connections give themselves, whatever the number of channels and
 * groups: its shared cluster connection has one connection per master plus one to a node of its
 * choosing (a replica may be chosen), and the blocking pop on its own queue one to the queue's
 * master plus one of its own choosing.
 */
class RedisClusterConnectionsTest {

  // On the master of the instance's queue, if both cluster connections chose it as their default.
  static final int MOST_PER_NODE = 4;

  private final RedisClusterServers.Cluster cluster = RedisClusterServers.shared();
  private final String prefix = TestNames.unique("cluster-connections") + ":";
  private final RedisChannelLayer layer =
      RedisChannelLayer.builder()
          .options(RedisClusterChannelLayerContractTest.options(prefix))
          .build();

  @AfterEach
  void close() {
    layer.flush().join();
    layer.close();
  }

  @Test
  void connectionsPerNodeStayBoundedWhateverTheNumberOfChannelsAndGroups() {
    useGroups(10);
    Map<Integer, Integer> few = connectionsByNode();
    useGroups(300);
    Map<Integer, Integer> many = connectionsByNode();

    assertThat(many.values())
        .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(MOST_PER_NODE));
    assertThat(total(many)).isEqualTo(total(few)).isLessThanOrEqualTo(cluster.masters().size() + 3);
  }

  @Test
  void everyConnectionOnEveryNodeCarriesTheInstancesName() {
    useGroups(20);

    assertThat(total(connectionsByNode())).isPositive();
    assertThat(layer.clientName()).startsWith("channels-");
  }

  // Groups of their own, each with channels of this instance, each sent to and received from.
  private void useGroups(int groups) {
    for (int g = 0; g < groups; g++) {
      String channel = layer.newChannel();
      String group = "room" + g;
      layer.groupAdd(group, channel).join();
      layer.groupSend(group, Message.of("test.hello", "g", g)).join();
      assertThat(layer.blocking().receive(channel, Duration.ofSeconds(10)))
          .contains(Message.of("test.hello", "g", g));
    }
  }

  private Map<Integer, Integer> connectionsByNode() {
    Map<Integer, Integer> counts = new LinkedHashMap<>();
    for (int port : cluster.masters()) {
      String clients = cluster.command(port, "client", "list");
      counts.put(
          port,
          (int)
              Arrays.stream(clients.split("\n"))
                  .filter(line -> line.contains(" name=" + layer.clientName() + " "))
                  .count());
    }
    for (int port : cluster.replicas()) {
      String clients = cluster.command(port, "client", "list");
      counts.put(
          port,
          (int)
              Arrays.stream(clients.split("\n"))
                  .filter(line -> line.contains(" name=" + layer.clientName() + " "))
                  .count());
    }
    return counts;
  }

  private static int total(Map<Integer, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }
}
