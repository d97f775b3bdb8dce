package dev.channels.redis;

import dev.channels.redis.testing.RedisServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole contract again, against a Redis that has no BZMPOP, as Redis 5 and 6 have none: the
 * receive loops find out on their first pop and take messages with BZPOPMIN and ZPOPMIN instead.
 */
class RedisWithoutBzmpopContractTest extends RedisChannelLayerContractTest {

  private static RedisServers.Process redis;

  @BeforeAll
  static void startARedisWithoutBzmpop() {
    redis = RedisServers.start("--rename-command", "BZMPOP", "");
  }

  @AfterAll
  static void stopIt() {
    redis.kill();
  }

  @Override
  protected String url() {
    return redis.url();
  }
}
