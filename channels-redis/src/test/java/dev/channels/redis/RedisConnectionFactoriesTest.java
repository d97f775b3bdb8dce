package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.redis.testing.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** The Lettuce client behaviour every connection of the layer gets. */
class RedisConnectionFactoriesTest {

  private final RedisServers.Process redis = RedisServers.start();
  private final ClientResources resources = RedisConnectionFactories.resources();
  private final LettuceConnectionFactory factory =
      RedisConnectionFactories.fromUrl(redis.url(), Duration.ofSeconds(30), resources, null);
  private final RedisClient admin = RedisClient.create(redis.url());

  @AfterEach
  void stop() {
    factory.destroy();
    admin.shutdown();
    resources.shutdown();
    redis.kill();
  }

  // A replayed BLPOP would take the element pushed after the reconnect: it is still there.
  @Test
  void aCommandInFlightWhenItsConnectionDropsFailsAndIsNeverSentAgain() {
    factory.afterPropertiesSet();
    RedisClient client = (RedisClient) factory.getRequiredNativeClient();
    try (StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8);
        StatefulRedisConnection<String, String> control = admin.connect()) {
      long id = connection.sync().clientId();
      CompletableFuture<?> inFlight =
          connection.async().blpop(20, "in-flight").toCompletableFuture();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> control.sync().clientList().contains("cmd=blpop"));

      control.sync().clientKill(io.lettuce.core.KillArgs.Builder.id(id));

      assertThat(inFlight).failsWithin(Duration.ofSeconds(10));
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(connection::isOpen);
      control.sync().rpush("in-flight", "element");
      assertThat(connection.sync().ping()).isEqualTo("PONG");
      assertThat(control.sync().llen("in-flight")).isEqualTo(1);
    }
  }
}
