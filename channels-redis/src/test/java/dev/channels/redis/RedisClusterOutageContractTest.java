package dev.channels.redis;

import dev.channels.ChannelLayer;
import dev.channels.redis.testing.RedisClusterServers;
import dev.channels.test.contract.OutageContract;
import org.junit.jupiter.api.AfterEach;

/**
 * A Redis Cluster of the test's own, every node killed (SIGKILL) and the cluster made again, empty,
 * on the same ports.
 */
class RedisClusterOutageContractTest extends OutageContract {

  private final RedisClusterServers.Cluster cluster = RedisClusterServers.start();

  @Override
  protected ChannelLayer createLayer() {
    return RedisChannelLayer.builder()
        .options(
            RedisLayerOptions.builder()
                .cluster(new RedisLayerOptions.Cluster(cluster.seeds()))
                .build())
        .build();
  }

  @Override
  protected void stopBroker() {
    cluster.killAll();
  }

  @Override
  protected void startBroker() {
    cluster.startAgainEmpty();
  }

  @AfterEach
  void stopCluster() {
    cluster.killAll();
  }
}
