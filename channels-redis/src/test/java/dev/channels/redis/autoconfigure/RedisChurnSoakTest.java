package dev.channels.redis.autoconfigure;

import dev.channels.redis.testing.RedisServers;
import dev.channels.test.TestNames;
import dev.channels.test.soak.ChurnSoakContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The churn soak on Redis, through Spring Boot's own Redis settings: afterwards the application
 * holds as many Redis connections as before, and no group key is left.
 */
class RedisChurnSoakTest extends ChurnSoakContract {

  private final String prefix = TestNames.unique("soak");

  @Override
  protected String backend() {
    return "redis";
  }

  @Override
  protected List<String> applicationArguments() {
    return List.of(
        "--channels.layers.default.backend=redis",
        "--channels.layers.default.prefix=" + prefix,
        "--spring.data.redis.url=" + RedisServers.url(),
        "--spring.data.redis.client-name=" + prefix);
  }

  @Override
  protected Map<String, Long> leftovers() {
    RedisCommands<String, String> redis = Redis.CONNECTION.sync();
    Map<String, Long> kept = new LinkedHashMap<>();
    kept.put(
        "connections named " + prefix + " (CLIENT LIST)",
        redis.clientList().lines().filter(line -> line.contains(" name=" + prefix + " ")).count());
    kept.put("group keys", (long) redis.keys(prefix + ":group*").size());
    return kept;
  }

  // Lettuce's event loops (epoll where Netty's native transport is there) and timers start
  // lazily, one thread per new connection up to a count.
  @Override
  protected Set<String> elasticThreads() {
    return Set.of("lettuce-nioEventLoop-#-#", "lettuce-epollEventLoop-#-#", "lettuce-timer-#-#");
  }

  /** One connection for the test's own look-ups, named otherwise than the application's. */
  private static final class Redis {
    static final StatefulRedisConnection<String, String> CONNECTION =
        RedisClient.create(RedisServers.url()).connect();
  }
}
