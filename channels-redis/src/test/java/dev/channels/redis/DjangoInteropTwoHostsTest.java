package dev.channels.redis;

import static dev.channels.redis.DjangoInteropTest.everyType;
import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.redis.testing.RedisServers;
import dev.channels.spi.Names;
import dev.channels.test.TestNames;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Spring Channels and the real Django Channels sharded over the same two Redis servers: group sends
 * and direct sends still meet, both ways. channels_redis places a direct send to a process-local
 * channel by the channel's full name but reads by the queue's name (its issue #221); a Spring
 * instance reads its queue on every host, so such sends reach it wherever they land.
 */
class DjangoInteropTwoHostsTest {

  private final RedisServers.Process one = RedisServers.start();
  private final RedisServers.Process two = RedisServers.start();
  private final String prefix = TestNames.unique("interop") + ":";
  private final RedisChannelLayer spring =
      RedisChannelLayer.builder()
          .options(
              RedisLayerOptions.builder()
                  .hosts(List.of(one.url(), two.url()))
                  .prefix(prefix)
                  .build())
          .build();

  @AfterEach
  void stop() {
    spring.close();
    one.kill();
    two.kill();
  }

  private DjangoPeer django(String... command) throws Exception {
    return DjangoPeer.run(one.url() + "," + two.url(), prefix, List.of(), command);
  }

  @Test
  void aSpringGroupSendReachesADjangoConsumer() throws Exception {
    try (DjangoPeer consumer = django("receive-group", "sharded_room", "1")) {
      consumer.awaitReady();

      spring.groupSend("sharded_room", everyType("Spring to Django")).join();

      assertThat(consumer.awaitMessage())
          .as("Spring group send -> Django consumer, two hosts")
          .isEqualTo(everyType("Spring to Django"));
    }
  }

  @Test
  void aDjangoGroupSendReachesASpringConsumer() throws Exception {
    String channel = spring.newChannel();
    spring.groupAdd("sharded_room", channel).join();

    try (DjangoPeer sender =
        django("group-send", "sharded_room", DjangoPeer.hex(everyType("Django to Spring")))) {
      sender.awaitSent();
    }

    assertThat(spring.blocking().receive(channel, Duration.ofSeconds(20)))
        .as("Django group send -> Spring consumer, two hosts")
        .contains(everyType("Django to Spring"));
  }

  @Test
  void aSpringDirectSendReachesADjangoProcessLocalChannel() throws Exception {
    try (DjangoPeer consumer = django("receive", "1")) {
      String channel = consumer.awaitReady();

      spring.send(channel, everyType("direct to Django")).join();

      assertThat(consumer.awaitMessage())
          .as("Spring send -> Django process-local channel, two hosts")
          .isEqualTo(everyType("direct to Django"));
    }
  }

  @Test
  void aDjangoDirectSendReachesASpringChannelWhoseFullNameHashesToTheOtherHost() throws Exception {
    String channel = spring.newChannel();
    while (ShardRing.index(channel, 2) == ShardRing.index(Names.nonLocalName(channel), 2)) {
      channel = spring.newChannel();
    }

    try (DjangoPeer sender = django("send", channel, DjangoPeer.hex(everyType("direct")))) {
      sender.awaitSent();
    }

    assertThat(spring.blocking().receive(channel, Duration.ofSeconds(20)))
        .as("Django send -> Spring process-local channel, two hosts")
        .contains(everyType("direct"));
  }
}
