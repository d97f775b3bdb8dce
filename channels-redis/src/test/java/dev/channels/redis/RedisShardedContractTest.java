package dev.channels.redis;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.redis.testing.RedisServers;
import dev.channels.test.TestNames;
import dev.channels.test.contract.ChannelLayerContract;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole contract on two Redis hosts, which the layer shards over as channels_redis does:
 * channels and groups are placed by name on one host or the other, and each instance reads its
 * process-local queue on both.
 */
class RedisShardedContractTest extends ChannelLayerContract {

  private static RedisServers.Process one;
  private static RedisServers.Process two;
  private final List<String> prefixes = new ArrayList<>();

  @BeforeAll
  static void startTwoRedisServers() {
    one = RedisServers.start();
    two = RedisServers.start();
  }

  @AfterAll
  static void stopThem() {
    one.kill();
    two.kill();
  }

  @Override
  protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
    String prefix = TestNames.unique("sharded") + ":";
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

  private static RedisLayerOptions options(String prefix) {
    return RedisLayerOptions.builder().hosts(List.of(one.url(), two.url())).prefix(prefix).build();
  }
}
