package dev.channels.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import dev.channels.ChannelLayer;
import dev.channels.test.autoconfigure.InMemoryChannelLayers;
import dev.channels.test.websocket.WebSocketTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who is in a room: {@code GET /api/rooms/{room}/presence}, and the frames a named client gets as
 * people come and go.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
@InMemoryChannelLayers
class RoomPresenceTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired ChannelLayer layer;

  @SuppressWarnings("unchecked")
  @Test
  void theRoomsPresenceCountsEveryConnectionAndListsTheNamedOnesByKey() {
    try (WebSocketTestClient phone = WebSocketTestClient.connect(port, "/ws/chat/den/?name=Alice");
        WebSocketTestClient laptop = WebSocketTestClient.connect(port, "/ws/chat/den/?name=Alice");
        WebSocketTestClient bob = WebSocketTestClient.connect(port, "/ws/chat/den/?name=Bob");
        WebSocketTestClient lurker = WebSocketTestClient.connect(port, "/ws/chat/den/")) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> layer.presence("chat_den").join().items().size() == 2);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> layer.groupSize("chat_den").join() == 4);

      Map<String, Object> report = get("/api/rooms/den/presence");
      assertThat(List.of(phone, laptop, bob, lurker)).allMatch(WebSocketTestClient::isOpen);

      assertThat(report).containsEntry("count", 4);
      assertThat((List<Object>) report.get("users"))
          .containsExactly(
              Map.of("key", "alice", "connections", 2, "data", Map.of("name", "Alice")),
              Map.of("key", "bob", "connections", 1, "data", Map.of("name", "Bob")));
    }
  }

  @Test
  void aNamedClientGetsWhoIsThereThenEachJoinAndLeave() {
    try (WebSocketTestClient alice =
        WebSocketTestClient.connect(port, "/ws/chat/porch/?name=Alice")) {
      assertThat(presence(alice.receiveJson()))
          .containsEntry("event", "join")
          .containsEntry("key", "alice");
      assertThat((List<?>) alice.receiveJson().get("users")).hasSize(1);

      try (WebSocketTestClient bob =
          WebSocketTestClient.connect(port, "/ws/chat/porch/?name=Bob")) {
        assertThat(presence(alice.receiveJson()))
            .containsEntry("event", "join")
            .containsEntry("key", "bob")
            .containsEntry("name", "Bob");
        assertThat(bob.isOpen()).isTrue();
      }

      assertThat(presence(alice.receiveJson()))
          .containsEntry("event", "leave")
          .containsEntry("key", "bob");
    }
  }

  @Test
  void aClientWithoutANameGetsOnlyTheTutorialsFrames() {
    try (WebSocketTestClient lurker = WebSocketTestClient.connect(port, "/ws/chat/attic/");
        WebSocketTestClient alice =
            WebSocketTestClient.connect(port, "/ws/chat/attic/?name=Alice")) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> layer.presence("chat_attic").join().items().size() == 1);
      alice.sendJson(Map.of("message", "hello"));

      assertThat(lurker.receiveJson()).isEqualTo(Map.of("message", "hello"));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> presence(Map<String, Object> frame) {
    assertThat(frame).containsKey("presence");
    return (Map<String, Object>) frame.get("presence");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> get(String path) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return JSON.readValue(response.body(), Map.class);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
