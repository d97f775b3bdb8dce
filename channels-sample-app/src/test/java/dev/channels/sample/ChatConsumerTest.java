package dev.channels.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import dev.channels.test.GroupProbe;
import dev.channels.test.autoconfigure.InMemoryChannelLayers;
import dev.channels.test.websocket.WebSocketTestClient;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The sample chat's consumer, tested as docs/testing.md shows: real WebSocket clients against the
 * running application, its layers in memory whatever application.yml says.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT, properties = "channels.layers.default.backend=redis")
@InMemoryChannelLayers
class ChatConsumerTest {

  @LocalServerPort int port;
  @Autowired ChannelLayer layer;

  @Test
  void aMessageReachesEveryoneInTheRoomAndNobodyElse() {
    try (WebSocketTestClient alice = WebSocketTestClient.connect(port, "/ws/chat/lobby/");
        WebSocketTestClient bob = WebSocketTestClient.connect(port, "/ws/chat/lobby/");
        WebSocketTestClient elsewhere = WebSocketTestClient.connect(port, "/ws/chat/garden/")) {
      awaitMembers("chat_lobby", 2);
      alice.sendJson(Map.of("message", "hello"));

      assertThat(alice.receiveJson()).containsEntry("message", "hello");
      assertThat(bob.receiveJson()).containsEntry("message", "hello");
      elsewhere.expectNothing(Duration.ofMillis(300));
    }
  }

  @Test
  void theApplicationCanSpeakToARoomAndATestCanListenIn() {
    try (WebSocketTestClient client = WebSocketTestClient.connect(port, "/ws/chat/news/");
        GroupProbe room = GroupProbe.join(layer, "chat_news")) {
      awaitMembers("chat_news", 2);
      layer.blocking().groupSend("chat_news", Message.of("chat.message", "message", "extra"));

      assertThat(client.receiveJson()).containsEntry("message", "extra");
      assertThat(room.receive().get("message")).isEqualTo("extra");
    }
  }

  @Test
  void aMessageWithoutTextGetsAnErrorBackAndReachesNobody() {
    try (WebSocketTestClient alice = WebSocketTestClient.connect(port, "/ws/chat/quiet/");
        WebSocketTestClient bob = WebSocketTestClient.connect(port, "/ws/chat/quiet/")) {
      awaitMembers("chat_quiet", 2);
      alice.sendText("{}");

      assertThat(alice.receiveJson()).containsKey("error");
      bob.expectNothing(Duration.ofMillis(300));
    }
  }

  @Test
  void anAnnouncementSentToTheWorkerChannelReachesTheRoom() {
    try (WebSocketTestClient client = WebSocketTestClient.connect(port, "/ws/chat/lobby/")) {
      awaitMembers("chat_lobby", 1);

      layer
          .blocking()
          .send(
              "chat-announce",
              Message.builder("announce.message")
                  .put("room", "lobby")
                  .put("message", "Welcome!")
                  .build());

      assertThat(client.receiveJson()).containsEntry("message", "Welcome!");
    }
  }

  @Test
  void theLayersRunInMemoryThoughThePropertiesSayRedis() {
    assertThat(layer.getClass().getSimpleName()).isEqualTo("InMemoryChannelLayer");
  }

  // A session joins its room's group just after the handshake, as its consumer starts: a test that
  // sends to the room waits for the members it expects there.
  private void awaitMembers(String group, int members) {
    Awaitility.await()
        .until(() -> layer.snapshot().join().groups().getOrDefault(group, 0) == members);
  }
}
