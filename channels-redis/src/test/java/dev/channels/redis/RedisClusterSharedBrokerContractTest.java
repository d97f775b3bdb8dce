package dev.channels.redis;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.test.TestNames;
import dev.channels.test.contract.SharedBrokerContract;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;

/** Two instances on one Redis Cluster and one prefix, as two instances of an application run. */
class RedisClusterSharedBrokerContractTest extends SharedBrokerContract {

  private final String prefix = TestNames.unique("cluster-shared") + ":";

  @Override
  protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
    return RedisChannelLayer.builder()
        .settings(settings)
        .options(RedisClusterChannelLayerContractTest.options(prefix))
        .clock(clock)
        .build();
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
