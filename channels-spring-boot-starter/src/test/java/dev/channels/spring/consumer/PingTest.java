package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The server pings a silent client and closes one that does not answer, as Daphne does, so a client
 * that vanished without a close does not keep its session and memberships in a quiet room.
 */
@SpringBootTest(
    classes = TestConsumers.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "channels.websocket.ping-interval=200ms",
      "channels.websocket.ping-timeout=500ms"
    })
class PingTest {

  @LocalServerPort int port;
  @Autowired ChannelLayer layer;
  @Autowired TestConsumers.Chat chat;
  @Autowired ConsumerEndpoints endpoints;

  @Test
  void aClientThatDoesNotAnswerPingsIsClosedAndLeavesItsGroups() throws Exception {
    // It opens the connection and then neither reads nor answers, like a frozen laptop. (Its TCP
    // connection outlives the session: Tomcat waits for the close handshake it never gets.)
    RawWebSocket vanished = new RawWebSocket(port, "/ws/chat/quiet/");
    try {
      Awaitility.await().until(() -> members("chat_quiet") == 1);

      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> chat.disconnects.containsValue(Liveness.NO_ANSWER));
      Awaitility.await().until(() -> members("chat_quiet") == 0);
      Awaitility.await().until(() -> endpoints.liveSessions().isEmpty());
    } finally {
      vanished.close();
    }
  }

  @Test
  void aClientThatAnswersPingsStaysThroughAQuietSpell() throws Exception {
    try (TestClient answering = TestClient.connect(port, "/ws/chat/calm/")) {
      Awaitility.await().until(() -> members("chat_calm") == 1);
      long unanswered = unansweredPings();

      // Five ping intervals and more than two timeouts of silence from the application.
      assertThat(answering.poll(Duration.ofMillis(1200))).as("a frame from the server").isNull();

      assertThat(answering.isOpen()).isTrue();
      assertThat(members("chat_calm")).isEqualTo(1);
      assertThat(unansweredPings()).as("sessions closed for not answering").isEqualTo(unanswered);
    }
  }

  private long unansweredPings() {
    return chat.disconnects.values().stream().filter(Liveness.NO_ANSWER::equals).count();
  }

  private int members(String group) {
    return layer.snapshot().join().groups().getOrDefault(group, 0);
  }
}
