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
 * that throws each close the session with 1011 when set to close, and a client whose queued
 * messages a stuck handler does not take for the stall timeout is closed with 1008, which the log
 * tells the operator.
 */
@SpringBootTest(
    classes = TestConsumers.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "channels.consumer.unhandled-type=close",
      "channels.consumer.handler-error=close",
      "channels.websocket.max-queued-messages=4",
      "channels.websocket.inbound-stall-timeout=1s",
      "channels.websocket.send-time-limit=1s"
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

  // Named in docs/reliability.md. The close is also logged at WARN, naming the session, what
  // waited and the property that sets the timeout.
  @Test
  void aClientWhoseMessagesAStuckHandlerNeverTakesIsClosedWith1008(CapturedOutput output)
      throws Exception {
    try (TestClient client = TestClient.connect(port, "/ws/gated/")) {
      // The first message's handler waits for the gate, which never opens; four wait behind it,
      // reading pauses, and nothing moves for the stall timeout. Sends after the pause may block
      // in the client or be refused once the server has closed: no concern here.
      Thread sender =
          new Thread(
              () -> {
                for (int i = 1; i <= 6; i++) {
                  try {
                    client.send("message " + i);
                  } catch (Exception closedMeanwhile) {
                    return;
                  }
                }
              });
      sender.start();

      CloseStatus status = client.closeStatus();
      assertThat(status.getCode()).isEqualTo(CloseStatus.POLICY_VIOLATION.getCode());
      assertThat(status.getReason()).isEqualTo("inbound queue stalled");
      assertThat(output.getOut())
          .containsPattern(
              "WARN .* Closing session \\S+ of Gated with 1008: \\d+ of its client's messages"
                  + " waited 1 s for a handler that did not take any of them"
                  + " \\(channels\\.websocket\\.inbound-stall-timeout\\)\\.");
    } finally {
      gated.gate.complete(null);
    }
  }

  private void awaitMembers(String group) {
    Awaitility.await().until(() -> layer.snapshot().join().groups().getOrDefault(group, 0) == 1);
  }
}
