package dev.channels.redis;

import dev.channels.ChannelLayer;
import dev.channels.redis.testing.RedisServers;
import dev.channels.test.contract.OutageContract;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** A Redis of the test's own, killed (SIGKILL) and started again empty on the same port. */
class RedisOutageContractTest extends OutageContract {

  private RedisServers.Process redis = RedisServers.start();
  private final int port = redis.port();

  @Override
  protected ChannelLayer createLayer() {
    return RedisChannelLayer.builder()
        .options(RedisLayerOptions.builder().hosts(List.of(redis.url())).build())
        .build();
  }

  @Override
  protected void stopBroker() {
    redis.kill();
  }

  @Override
  protected void startBroker() {
    redis = RedisServers.startOn(port);
  }

  @AfterEach
  void stopRedis() {
    redis.kill();
  }
}
