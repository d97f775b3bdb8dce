package dev.channels.redis.autoconfigure;

import dev.channels.redis.testing.RedisServers;
import dev.channels.test.TestNames;
import dev.channels.test.autoconfigure.BackendAutoConfigurationContract;
import java.util.List;

/** channels-redis's auto-configuration passes the contract every backend module passes. */
class RedisAutoConfigurationContractTest extends BackendAutoConfigurationContract {

  private final String prefix = TestNames.unique("autoconfig");

  @Override
  protected String backend() {
    return "redis";
  }

  @Override
  protected List<Class<?>> backendAutoConfigurations() {
    return List.of(RedisChannelLayerAutoConfiguration.class);
  }

  @Override
  protected List<String> brokerProperties(String alias) {
    return List.of("hosts[0]=" + RedisServers.url(), "prefix=" + prefix + "-" + alias);
  }
}
