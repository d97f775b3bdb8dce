package dev.channels.redis;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.redis.testing.RedisServers;
import dev.channels.test.TestNames;
import dev.channels.test.contract.SharedBrokerContract;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** Two instances on one Redis and one prefix, as two instances of an application run. */
class RedisSharedBrokerContractTest extends SharedBrokerContract {

  private final String prefix = TestNames.unique("shared") + ":";

  @Override
  protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
    return RedisChannelLayer.builder()
        .settings(settings)
        .options(
            RedisLayerOptions.builder().hosts(List.of(RedisServers.url())).prefix(prefix).build())
        .clock(clock)
        .build();
  }

  @AfterEach
  void deleteTheKeys() {
    try (RedisChannelLayer cleaner =
        RedisChannelLayer.builder()
            .options(
                RedisLayerOptions.builder()
                    .hosts(List.of(RedisServers.url()))
                    .prefix(prefix)
                    .build())
            .build()) {
      cleaner.flush().join();
    }
  }
}
