package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Message;
import dev.channels.redis.testing.RedisServers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis 7 user whose ACL was written for Redis 6 may run BZPOPMIN and ZPOPMIN but not BZMPOP: the
 * layer receives with those, as on Redis 6, rather than retrying BZMPOP for ever.
 */
class RedisUserWithoutBzmpopTest {

  private final RedisServers.Process redis =
      RedisServers.start(
          "--user", "default", "off", "--user", "old", "on", ">secret", "~*", "&*", "+@all",
          "-bzmpop");
  private final RedisChannelLayer layer =
      RedisChannelLayer.builder()
          .options(
              RedisLayerOptions.builder()
                  .hosts(List.of("redis://old:secret@127.0.0.1:" + redis.port() + "/0"))
                  .build())
          .build();

  @AfterEach
  void stop() {
    layer.close();
    redis.kill();
  }

  @Test
  void directAndGroupMessagesArriveThroughThePopsTheUserMayRun() {
    String channel = layer.newChannel();
    layer.groupAdd("room", channel).join();

    layer.send(channel, Message.of("test.direct")).join();
    layer.groupSend("room", Message.of("test.group")).join();

    assertThat(layer.blocking().receive(channel, Duration.ofSeconds(20)))
        .contains(Message.of("test.direct"));
    assertThat(layer.blocking().receive(channel, Duration.ofSeconds(20)))
        .contains(Message.of("test.group"));
  }
}
