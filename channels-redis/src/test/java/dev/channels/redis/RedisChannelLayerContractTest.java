package dev.channels.redis;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.redis.testing.RedisServers;
import dev.channels.test.TestNames;
import dev.channels.test.contract.ChannelLayerContract;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The whole channel layer contract, against a real Redis. */
class RedisChannelLayerContractTest extends ChannelLayerContract {

  private final List<String> prefixes = new ArrayList<>();

  /** The Redis the layers of this test use. */
  protected String url() {
    return RedisServers.url();
  }

  @Override
  protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
    // A prefix per layer keeps tests apart on one server, as prefixes keep apps apart.
    String prefix = TestNames.unique("contract") + ":";
    prefixes.add(prefix);
    return RedisChannelLayer.builder()
        .settings(settings)
        .options(RedisLayerOptions.builder().hosts(List.of(url())).prefix(prefix).build())
        .clock(clock)
        .build();
  }

  @AfterEach
  void deleteTheirKeys() {
    for (String prefix : prefixes) {
      try (RedisChannelLayer cleaner =
          RedisChannelLayer.builder()
              .options(RedisLayerOptions.builder().hosts(List.of(url())).prefix(prefix).build())
              .build()) {
        cleaner.flush().join();
      }
    }
  }
}
