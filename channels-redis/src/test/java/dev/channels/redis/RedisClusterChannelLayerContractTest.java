package dev.channels.redis;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.redis.testing.RedisClusterServers;
import dev.channels.test.TestNames;
import dev.channels.test.contract.ChannelLayerContract;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The whole channel layer contract, against a real Redis Cluster of three masters. */
class RedisClusterChannelLayerContractTest extends ChannelLayerContract {

  private final List<String> prefixes = new ArrayList<>();

  static RedisLayerOptions options(String prefix) {
    return RedisLayerOptions.builder()
        .cluster(new RedisLayerOptions.Cluster(RedisClusterServers.shared().seeds()))
        .prefix(prefix)
        .build();
  }

  @Override
  protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
    String prefix = TestNames.unique("cluster") + ":";
    prefixes.add(prefix);
    return RedisChannelLayer.builder()
        .settings(settings)
        .options(options(prefix))
        .clock(clock)
        .build();
  }

  @AfterEach
  void deleteTheirKeys() {
    for (String prefix : prefixes) {
      try (RedisChannelLayer cleaner =
          RedisChannelLayer.builder().options(options(prefix)).build()) {
        cleaner.flush().join();
      }
    }
  }
}
