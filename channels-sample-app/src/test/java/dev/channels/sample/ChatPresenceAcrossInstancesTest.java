package dev.channels.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.redis.testing.RedisServers;
import dev.channels.test.TestNames;
import dev.channels.test.websocket.WebSocketTestClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of the sample app on one Redis: who is in a room is the same from either, and a
 * client on one hears people come and go on the other.
 */
class ChatPresenceAcrossInstancesTest {

  private final String prefix = TestNames.unique("sample-presence") + ":";

  private ConfigurableApplicationContext instance() {
    return new SpringApplicationBuilder(ChatApplication.class)
        .run(
            "--server.port=0",
            "--channels.layers.default.backend=redis",
            "--channels.layers.default.prefix=" + prefix,
            "--spring.data.redis.url=" + RedisServers.url());
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  // The keys of a {"users": [...]} frame.
  private static List<Object> keys(Map<String, Object> frame) {
    return ((List<?>) frame.get("users"))
        .stream().<Object>map(user -> ((Map<?, ?>) user).get("key")).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> presence(Map<String, Object> frame) {
    return (Map<String, Object>) frame.get("presence");
  }

  @Test
  void aClientOnOneInstanceSeesWhoJoinsAndLeavesOnTheOther() {
    try (ConfigurableApplicationContext first = instance();
        ConfigurableApplicationContext second = instance();
        WebSocketTestClient alice =
            WebSocketTestClient.connect(port(first), "/ws/chat/lobby/?name=Alice")) {
      assertThat(alice.receiveJson()).containsKey("presence");
      assertThat(keys(alice.receiveJson())).containsExactly("alice");

      try (WebSocketTestClient bob =
          WebSocketTestClient.connect(port(second), "/ws/chat/lobby/?name=Bob")) {
        assertThat(bob.receiveJson()).containsKey("presence");
        assertThat(keys(bob.receiveJson())).containsExactly("alice", "bob");
        assertThat(presence(alice.receiveJson()))
            .containsEntry("event", "join")
            .containsEntry("key", "bob");
      }

      assertThat(presence(alice.receiveJson()))
          .containsEntry("event", "leave")
          .containsEntry("key", "bob");
    }
  }
}
