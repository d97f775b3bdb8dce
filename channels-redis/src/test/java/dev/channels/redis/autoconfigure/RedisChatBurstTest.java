package dev.channels.redis.autoconfigure;

import dev.channels.redis.testing.RedisServers;
import dev.channels.test.TestNames;
import dev.channels.test.load.ChatBurstContract;
import java.util.List;

/** The burst on two instances sharing their rooms through Redis, default settings otherwise. */
class RedisChatBurstTest extends ChatBurstContract {

  private final String prefix = TestNames.unique("burst");

  @Override
  protected List<String> applicationArguments() {
    return List.of(
        "--channels.layers.default.backend=redis",
        "--channels.layers.default.hosts[0]=" + RedisServers.url(),
        "--channels.layers.default.prefix=" + prefix);
  }

  @Override
  protected int instances() {
    return 2;
  }
}
