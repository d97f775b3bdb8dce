package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.spring.RequiresJava21;
import dev.channels.spring.consumer.TestConsumers.Farewell;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.web.socket.CloseStatus;

/**
 * Consumers on virtual threads ({@code spring.threads.virtual.enabled}), over a real WebSocket:
 * handlers run on them, and a close made there still follows the frames sent before it.
 */
@RequiresJava21
@SpringBootTest(
    classes = TestConsumers.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.threads.virtual.enabled=true")
class VirtualThreadConsumerTest {

  @LocalServerPort int port;
  @Autowired ConsumerEndpoints endpoints;

  @Test
  void handlersRunOnVirtualThreads() throws Exception {
    try (TestClient client = TestClient.connect(port, "/ws/thread/")) {
      client.send("which thread?");

      assertThat(endpoints.executor()).isInstanceOf(VirtualThreadTaskExecutor.class);
      assertThat(client.nextText()).startsWith("VirtualThread[").contains("channels-consumer-");
    }
  }

  @Test
  void framesSentBeforeACloseAllReachTheClientInOrderBeforeTheCloseCode() throws Exception {
    try (TestClient client = TestClient.connect(port, "/ws/farewell/")) {
      client.send("4001");

      Farewell.assertEveryFrameArrivesInOrder(client);
      assertThat(client.closeStatus()).isEqualTo(new CloseStatus(4001, "farewell"));
    }
  }
}
