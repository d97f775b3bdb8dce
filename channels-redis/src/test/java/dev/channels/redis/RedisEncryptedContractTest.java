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

/** The whole contract with symmetric-encryption-keys set: every message crosses Redis as Fernet. */
class RedisEncryptedContractTest extends ChannelLayerContract {

  private static final List<String> KEYS = List.of("the key that encrypts", "an older key");

  private final List<String> prefixes = new ArrayList<>();

  @Override
  protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
    String prefix = TestNames.unique("encrypted") + ":";
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
    return RedisLayerOptions.builder()
        .hosts(List.of(RedisServers.url()))
        .prefix(prefix)
        .symmetricEncryptionKeys(KEYS)
        .build();
  }
}
