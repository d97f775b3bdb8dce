package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.CloseStatus;

/**
 * What the configurable policies look like to a client: a message no handler takes and a handler
 * that throws each close the session with 1011 when set to close, and a client that queues more
 * messages than allowed is closed with 1008, which the log tells the operator.
 */
@SpringBootTest(
    classes = TestConsumers.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "channels.consumer.unhandled-type=close",
      "channels.consumer.handler-error=close",
      "channels.websocket.max-queued-messages=4"
    })
@ExtendWith(OutputCaptureExtension.class)
class ConsumerPoliciesTest {

  @LocalServerPort int port;
  @Autowired ChannelLayer layer;
  @Autowired TestConsumers.Gated gated;

  @Test
  void aMessageOfAnUnhandledTypeClosesTheSessionWith1011WhenSoConfigured() throws Exception {
    try (TestClient client = TestClient.connect(port, "/ws/chat/strict/")) {
      awaitMembers("chat_strict");

      layer.blocking().groupSend("chat_strict", Message.of("nobody.handles.this"));

      CloseStatus status = client.closeStatus();
      assertThat(status.getCode()).isEqualTo(CloseStatus.SERVER_ERROR.getCode());
      assertThat(status.getReason()).isEqualTo("no handler for nobody.handles.this");
    }
  }

  @Test
  void aHandlerThatThrowsClosesTheSessionWith1011WhenSoConfigured() throws Exception {
    try (TestClient client = TestClient.connect(port, "/ws/chat/fragile/")) {
      awaitMembers("chat_fragile");

      layer.blocking().groupSend("chat_fragile", Message.of("test.fail"));

      assertThat(client.closeStatus().getCode()).isEqualTo(CloseStatus.SERVER_ERROR.getCode());
    }
  }

  // Named in docs/reliability.md. The close is also logged at WARN, once, naming the session, the
  // limit and the property that sets it.
  @Test
  void aClientThatQueuesMoreMessagesThanTheLimitIsClosedWith1008(CapturedOutput output)
      throws Exception {
    try (TestClient client = TestClient.connect(port, "/ws/gated/")) {
      // The first message's handler waits for the gate and four may wait behind it: the sixth is
      // one too many, or the fifth if the first had not started yet. A send after the server's
      // close is refused by the client, which is no concern here.
      for (int i = 1; i <= 6 && client.isOpen(); i++) {
        try {
          client.send("message " + i);
        } catch (Exception closedMeanwhile) {
          break;
        }
      }

      CloseStatus status = client.closeStatus();
      assertThat(status.getCode()).isEqualTo(CloseStatus.POLICY_VIOLATION.getCode());
      assertThat(status.getReason()).isEqualTo("too many messages queued");
      assertThat(output.getOut())
          .containsPattern(
              "WARN .* Closing session \\S+ of Gated with 1008: its client sent more than 4"
                  + " messages ahead of the handler, the limit set by"
                  + " channels\\.websocket\\.max-queued-messages\\. Raise it if clients send"
                  + " such bursts legitimately\\.")
          .containsOnlyOnce("messages ahead of the handler");
    } finally {
      gated.gate.complete(null);
    }
  }

  private void awaitMembers(String group) {
    Awaitility.await().until(() -> layer.snapshot().join().groups().getOrDefault(group, 0) == 1);
  }
}
