package dev.channels.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.redis.testing.RedisClusterServers;
import dev.channels.test.TestNames;
import dev.channels.test.websocket.WebSocketTestClient;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of the sample app on one Redis Cluster, configured with {@code
 * --channels.layers.default.cluster.nodes=...}: people in one room on either instance hear each
 * other, and each instance lists them all.
 */
class ChatAcrossClusterInstancesTest {

  private final String prefix = TestNames.unique("sample-cluster") + ":";

  private ConfigurableApplicationContext instance() {
    return new SpringApplicationBuilder(ChatApplication.class)
        .run(
            "--server.port=0",
            "--channels.layers.default.backend=redis",
            "--channels.layers.default.prefix=" + prefix,
            "--channels.layers.default.cluster.nodes="
                + String.join(",", RedisClusterServers.shared().seeds()));
  }

  @Test
  void peopleInOneRoomOnTwoInstancesHearEachOther() {
    try (ConfigurableApplicationContext first = instance();
        ConfigurableApplicationContext second = instance();
        WebSocketTestClient alice =
            WebSocketTestClient.connect(port(first), "/ws/chat/garden/?name=Alice");
        WebSocketTestClient bob =
            WebSocketTestClient.connect(port(second), "/ws/chat/garden/?name=Bob")) {
      ChannelLayer layer = second.getBean(ChannelLayer.class);
      Awaitility.await().until(() -> layer.groupSize("chat_garden").join() == 2);

      alice.sendJson(Map.of("message", "hello from the first"));
      assertThat(nextChat(bob)).containsEntry("message", "hello from the first");
      assertThat(nextChat(alice)).containsEntry("message", "hello from the first");

      bob.sendJson(Map.of("message", "hello from the second"));
      assertThat(nextChat(alice)).containsEntry("message", "hello from the second");
      assertThat(nextChat(bob)).containsEntry("message", "hello from the second");
      assertThat(first.getBean(ChannelLayer.class).groupSize("chat_garden").join()).isEqualTo(2);
    }
  }

  // The next chat message, past the presence frames a named client also gets.
  private static Map<String, Object> nextChat(WebSocketTestClient client) {
    Map<String, Object> frame = client.receiveJson();
    while (!frame.containsKey("message")) {
      frame = client.receiveJson();
    }
    return frame;
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }
}
