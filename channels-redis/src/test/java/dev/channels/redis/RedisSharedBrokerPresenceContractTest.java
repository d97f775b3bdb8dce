package dev.channels.redis;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.redis.testing.RedisServers;
import dev.channels.test.TestNames;
import dev.channels.test.contract.SharedBrokerPresenceContract;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Presence of two instances on one Redis and one prefix; an abandoned layer stops its heartbeat and
 * closes its connections without removing anything, as a killed process would.
 */
class RedisSharedBrokerPresenceContractTest extends SharedBrokerPresenceContract {

  private final String prefix = TestNames.unique("shared-presence") + ":";

  @Override
  protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
    return RedisChannelLayer.builder().settings(settings).options(options()).clock(clock).build();
  }

  @Override
  protected void abandon(ChannelLayer layer) {
    ((RedisChannelLayer) layer).abandon();
  }

  private RedisLayerOptions options() {
    return RedisLayerOptions.builder().hosts(List.of(RedisServers.url())).prefix(prefix).build();
  }

  @AfterEach
  void deleteTheKeys() {
    try (RedisChannelLayer cleaner = RedisChannelLayer.builder().options(options()).build()) {
      cleaner.flush().join();
    }
  }
}
