package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Message;
import dev.channels.Presence;
import dev.channels.redis.testing.RedisServers;
import dev.channels.test.TestNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Presence beside Django Channels on one Redis and prefix: group size and members read the group
 * keys channels_redis writes, so a Django consumer is counted and listed; presence keys and events
 * are the Spring side's own, which a Django member never hears of.
 */
class DjangoPresenceInteropTest {

  private final String prefix = TestNames.unique("presence-interop") + ":";
  private final RedisChannelLayer spring =
      RedisChannelLayer.builder()
          .options(
              RedisLayerOptions.builder().hosts(List.of(RedisServers.url())).prefix(prefix).build())
          .build();

  @AfterEach
  void cleanUp() {
    spring.flush().join();
    spring.close();
  }

  private DjangoPeer django(String... command) throws Exception {
    return DjangoPeer.run(RedisServers.url(), prefix, List.of(), command);
  }

  @Test
  void aDjangoConsumerInTheGroupIsCountedAndListedAndHasNoPresence() throws Exception {
    String springMember = spring.newChannel();
    spring.groupAdd("interop_room", springMember).join();
    spring.presenceJoin("interop_room", springMember, "alice", Map.of()).join();
    try (DjangoPeer djangoMember = django("receive-group", "interop_room", "1")) {
      String djangoChannel = djangoMember.awaitReady();

      assertThat(spring.groupSize("interop_room").join()).isEqualTo(2);
      assertThat(spring.groupChannels("interop_room").join().items())
          .containsExactlyInAnyOrder(springMember, djangoChannel);
      assertThat(spring.presence("interop_room").join().items())
          .extracting(Presence::key)
          .containsExactly("alice");
    }
  }

  @Test
  void aDjangoMemberHearsTheGroupsMessagesAndNoPresenceEvents() throws Exception {
    try (DjangoPeer djangoMember = django("receive-group", "interop_room", "1")) {
      djangoMember.awaitReady();
      String springMember = spring.newChannel();
      spring.groupAdd("interop_room", springMember).join();
      spring.presenceSubscribe("interop_room", springMember).join();

      spring.presenceJoin("interop_room", springMember, "alice", Map.of("name", "Alice")).join();
      spring.groupSend("interop_room", Message.of("chat.message", "message", "hello")).join();

      assertThat(djangoMember.awaitMessage())
          .isEqualTo(Message.of("chat.message", "message", "hello"));
      assertThat(
              spring.blocking().receive(springMember, Duration.ofSeconds(20)).orElseThrow().type())
          .isEqualTo("presence.join");
    }
  }

  @Test
  void aGroupSendThatExcludesTheDjangoMemberSkipsIt() throws Exception {
    try (DjangoPeer djangoMember = django("receive-group", "interop_room", "1")) {
      String djangoChannel = djangoMember.awaitReady();
      String springMember = spring.newChannel();
      spring.groupAdd("interop_room", springMember).join();

      spring
          .groupSend(
              "interop_room",
              Message.of("chat.message", "message", "not to Django"),
              Set.of(djangoChannel))
          .join();
      spring.groupSend("interop_room", Message.of("chat.message", "message", "to all")).join();

      assertThat(djangoMember.awaitMessage())
          .isEqualTo(Message.of("chat.message", "message", "to all"));
      assertThat(spring.blocking().receive(springMember, Duration.ofSeconds(20)))
          .contains(Message.of("chat.message", "message", "not to Django"));
    }
  }
}
