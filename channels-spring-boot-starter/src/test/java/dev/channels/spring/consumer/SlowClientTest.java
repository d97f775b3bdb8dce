package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.CloseStatus;
import tools.jackson.databind.json.JsonMapper;

/** A client that stops reading is closed, and delays nobody else in its room. */
@SpringBootTest(
    classes = TestConsumers.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "channels.websocket.send-time-limit=1s",
      "channels.websocket.send-buffer-size-limit=1MB",
      "channels.layers.default.capacity=10000"
    })
class SlowClientTest {

  private static final String PADDING = "x".repeat(16 * 1024);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired ChannelLayer layer;
  @Autowired TestConsumers.Chat chat;
  @Autowired ConsumerEndpoints endpoints;

  @Test
  void aClientThatNeverReadsIsClosedAndTheOthersKeepTheirPace() throws Exception {
    try (TestClient reader = TestClient.connect(port, "/ws/chat/slow/")) {
      Awaitility.await().until(() -> endpoints.liveSessions().size() == 1);
      // A cold JVM writes its first frames slowly; that is not what this test is about.
      receiveAll(reader, pacedSends(200));
      int messages = 1000;
      List<Long> alone = receiveAll(reader, pacedSends(messages));

      // The stuck client is opened and never touched again: that is the point.
      try (RawWebSocket stuck = new RawWebSocket(port, "/ws/chat/slow/")) {
        Awaitility.await().until(() -> endpoints.liveSessions().size() == 2);
        List<Long> beside = receiveAll(reader, pacedSends(messages));

        Awaitility.await()
            .atMost(Duration.ofSeconds(15))
            .untilAsserted(
                () ->
                    assertThat(chat.disconnects.values())
                        .anyMatch(status -> status.equalsCode(CloseStatus.SESSION_NOT_RELIABLE)));
        assertThat(stuck.endedByServer(Duration.ofSeconds(10))).isTrue();
        assertThat(reader.isOpen()).isTrue();
        assertThat(endpoints.liveSessions()).hasSize(1);
        System.out.printf(
            "[slow client] %d frames of 16 KiB at 500/s; the reader got every one. Reader latency"
                + " alone: p50 %.1f ms, p99 %.1f ms; beside a client that never reads: p50 %.1f"
                + " ms, p99 %.1f ms. The stuck client was closed with %s.%n",
            messages,
            percentile(alone, 50),
            percentile(alone, 99),
            percentile(beside, 50),
            percentile(beside, 99),
            chat.disconnects.values().stream()
                .filter(status -> status.equalsCode(CloseStatus.SESSION_NOT_RELIABLE))
                .findFirst()
                .orElseThrow());
      }
    }
  }

  private static double percentile(List<Long> micros, int percent) {
    List<Long> sorted = micros.stream().sorted().toList();
    return sorted.get(sorted.size() * percent / 100) / 1000.0;
  }

  /**
   * Sends {@code count} frames of 16 KiB to the room, 500 a second (8 MB/s): a pace a reading
   * client keeps up with, and that fills a non-reading client's buffers within a second.
   */
  private int pacedSends(int count) {
    Thread sender =
        new Thread(
            () -> {
              for (int i = 0; i < count; i++) {
                Message message =
                    Message.of("chat.message", "message", System.nanoTime() + ":" + PADDING);
                layer.groupSend("chat_slow", message).join();
                LockSupport.parkNanos(2_000_000);
              }
            },
            "paced-sender");
    sender.start();
    return count;
  }

  /** Reads {@code count} frames and returns how long each took from send to receipt. */
  private static List<Long> receiveAll(TestClient reader, int count) throws Exception {
    List<Long> latenciesMicros = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String message = JSON.readTree(reader.nextText()).get("message").asString();
      long sentAt = Long.parseLong(message.substring(0, message.indexOf(':')));
      latenciesMicros.add((System.nanoTime() - sentAt) / 1000);
    }
    return latenciesMicros;
  }
}
