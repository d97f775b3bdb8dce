package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.Presence;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A consumer that declares presence: each connection is present under the key its {@code
 * PresenceKey} method gives, from the connection on until it closes; its clients hear joins and
 * leaves as channel messages, its own join first, and list the room from a handler.
 */
@SpringBootTest(
    classes = PresenceConsumers.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsumerPresenceTest {

  @LocalServerPort int port;
  @Autowired ChannelLayer layer;

  @Test
  void aConnectionIsPresentUntilItClosesAndTheRoomHearsItComeAndGo() throws Exception {
    try (TestClient alice = TestClient.connect(port, "/ws/room/lobby/?name=Alice")) {
      assertThat(alice.nextText())
          .contains("\"event\":\"presence.join\"", "\"key\":\"alice\"", "\"name\":\"Alice\"");
      try (TestClient bob = TestClient.connect(port, "/ws/room/lobby/?name=Bob")) {
        assertThat(bob.nextText()).contains("\"presence.join\"", "\"bob\"");
        assertThat(alice.nextText()).contains("\"presence.join\"", "\"bob\"", "\"Bob\"");

        bob.send("who");
        assertThat(bob.nextText()).isEqualTo("{\"who\":[\"alice\",\"bob\"]}");
      }

      assertThat(alice.nextText()).contains("\"presence.leave\"", "\"bob\"");
      assertThat(layer.presence("room_lobby").join().items())
          .extracting(Presence::key)
          .containsExactly("alice");
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(layer.presence("room_lobby").join().items()).isEmpty());
  }

  @Test
  void aMessageToTheOthersSkipsItsSender() throws Exception {
    try (TestClient alice = TestClient.connect(port, "/ws/room/kitchen/?name=Alice");
        TestClient bob = TestClient.connect(port, "/ws/room/kitchen/?name=Bob")) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> layer.presence("room_kitchen").join().items().size() == 2);
      drain(alice);
      drain(bob);

      alice.send("hello");
      alice.send("who");

      assertThat(bob.nextText()).isEqualTo("{\"message\":\"hello\"}");
      assertThat(alice.nextText()).isEqualTo("{\"who\":[\"alice\",\"bob\"]}");
    }
  }

  // The join events each client heard before the test's own frames.
  private static void drain(TestClient client) throws InterruptedException {
    while (client.poll(Duration.ofMillis(300)) != null) {
      // a join of its own or of the other
    }
  }
}
