package dev.channels.redis;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.test.TestNames;
import dev.channels.test.contract.PresenceContract;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The presence contract, against a real Redis Cluster of three masters. */
class RedisClusterPresenceContractTest extends PresenceContract {

  private final List<String> prefixes = new ArrayList<>();

  @Override
  protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
    String prefix = TestNames.unique("cluster-presence") + ":";
    prefixes.add(prefix);
    return RedisChannelLayer.builder()
        .settings(settings)
        .options(RedisClusterChannelLayerContractTest.options(prefix))
        .clock(clock)
        .build();
  }

  @AfterEach
  void deleteTheirKeys() {
    for (String prefix : prefixes) {
      try (RedisChannelLayer cleaner =
          RedisChannelLayer.builder()
              .options(RedisClusterChannelLayerContractTest.options(prefix))
              .build()) {
        cleaner.flush().join();
      }
    }
  }
}
