package dev.channels.redis;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.test.TestNames;
import dev.channels.test.contract.SharedBrokerPresenceContract;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;

/**
 * Presence of two instances on one Redis Cluster and one prefix; an abandoned layer stops its
 * heartbeat and closes its connections without removing anything, as a killed process would.
 */
class RedisClusterSharedBrokerPresenceContractTest extends SharedBrokerPresenceContract {

  private final String prefix = TestNames.unique("cluster-shared-presence") + ":";

  @Override
  protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
    return RedisChannelLayer.builder()
        .settings(settings)
        .options(RedisClusterChannelLayerContractTest.options(prefix))
        .clock(clock)
        .build();
  }

  @Override
  protected void abandon(ChannelLayer layer) {
    ((RedisChannelLayer) layer).abandon();
  }

  @AfterEach
  void deleteTheKeys() {
    try (RedisChannelLayer cleaner =
        RedisChannelLayer.builder()
            .options(RedisClusterChannelLayerContractTest.options(prefix))
            .build()) {
      cleaner.flush().join();
    }
  }
}
