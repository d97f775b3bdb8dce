package dev.channels.redis;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.redis.testing.RedisServers;
import dev.channels.test.TestNames;
import dev.channels.test.contract.PresenceContract;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The presence contract, against a real Redis. */
class RedisPresenceContractTest extends PresenceContract {

  private final List<String> prefixes = new ArrayList<>();

  @Override
  protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
    String prefix = TestNames.unique("presence") + ":";
    prefixes.add(prefix);
    return RedisChannelLayer.builder()
        .settings(settings)
        .options(
            RedisLayerOptions.builder().hosts(List.of(RedisServers.url())).prefix(prefix).build())
        .clock(clock)
        .build();
  }

  @AfterEach
  void deleteTheirKeys() {
    for (String prefix : prefixes) {
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
}
