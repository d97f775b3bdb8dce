package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Closing clients that stopped reading takes no handler thread: with more such clients than the
 * pool has threads, all closed at once, a client in the same room still gets its messages, and the
 * stuck sessions end once their close has waited the send time limit for the frames queued before
 * it, rather than after Tomcat's 20 s blocking send timeout.
 */
@SpringBootTest(
    classes = TestConsumers.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "channels.consumer.threads=2",
      // Longer than filling the stuck clients' buffers takes, so that the test's close comes first;
      // the buffer limit never closes them.
      "channels.websocket.send-time-limit=2s",
      "channels.websocket.send-buffer-size-limit=64MB",
      "channels.layers.default.capacity=10000"
    })
class StuckClientCloseTest {

  private static final int STUCK_CLIENTS = 4;
  private static final String PADDING = "x".repeat(16 * 1024);

  @LocalServerPort int port;
  @Autowired ChannelLayer layer;
  @Autowired ConsumerEndpoints endpoints;

  @Test
  void closingMoreStuckClientsThanPoolThreadsDelaysNobodyElse() throws Exception {
    List<RawWebSocket> stuck = new ArrayList<>();
    try (TestClient reader = TestClient.connect(port, "/ws/chat/stalled/")) {
      awaitLiveSessions(1);
      SessionRuntime readerSession = (SessionRuntime) endpoints.liveSessions().iterator().next();
      for (int i = 0; i < STUCK_CLIENTS; i++) {
        stuck.add(new RawWebSocket(port, "/ws/chat/stalled/"));
      }
      awaitLiveSessions(1 + STUCK_CLIENTS);
      Awaitility.await()
          .until(
              () ->
                  layer.snapshot().join().groups().getOrDefault("chat_stalled", 0)
                      == 1 + STUCK_CLIENTS);

      // Frames of 16 KiB to the room until the stuck clients' socket buffers, which the kernel
      // grows to a few MB, are full and frames queue behind one that cannot be written.
      List<SessionRuntime> stalled = othersThan(readerSession);
      for (int sent = 0; !allBackedUp(stalled); sent += 16) {
        assertThat(sent).as("frames sent before the stuck clients backed up").isLessThan(4096);
        for (int i = 0; i < 16; i++) {
          layer
              .blocking()
              .groupSend("chat_stalled", Message.of("chat.message", "message", PADDING));
        }
        for (int i = 0; i < 16; i++) {
          reader.nextText();
        }
      }

      stalled.forEach(SessionRuntime::close);
      layer
          .blocking()
          .groupSend("chat_stalled", Message.of("chat.message", "message", "still here"));

      assertThat(reader.nextText()).isEqualTo("{\"message\":\"still here\"}");
      // Ended on the server, and soon: a close waits for the queued frames no longer than the send
      // time limit, then does not wait out Tomcat's blocking send timeout.
      // (The TCP connection may outlive it: a close frame that did go out waits for the client's
      // reply up to Tomcat's session close timeout, and these clients never reply.)
      awaitLiveSessions(1);
    } finally {
      for (RawWebSocket client : stuck) {
        client.close();
      }
    }
  }

  private static boolean allBackedUp(List<SessionRuntime> sessions) {
    return sessions.stream().allMatch(session -> session.outbound().queuedBytes() > 0);
  }

  private List<SessionRuntime> othersThan(SessionRuntime session) {
    return endpoints.liveSessions().stream()
        .map(SessionRuntime.class::cast)
        .filter(live -> live != session)
        .toList();
  }

  // Awaitility fails a wait on any thread's uncaught exception by default. When a connection is
  // closed under a text frame Tomcat is still writing in parts, Tomcat's own thread for the next
  // part throws IllegalStateException ("the WebSocket session has been closed") and leaves it
  // uncaught; that is Tomcat's business, not what this test is about.
  private void awaitLiveSessions(int count) {
    Awaitility.await()
        .dontCatchUncaughtExceptions()
        .until(() -> endpoints.liveSessions().size() == count);
  }
}
