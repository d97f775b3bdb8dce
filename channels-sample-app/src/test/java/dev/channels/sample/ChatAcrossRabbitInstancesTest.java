package dev.channels.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.rabbitmq.testing.RabbitBrokers;
import dev.channels.test.TestNames;
import dev.channels.test.websocket.WebSocketTestClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of the sample app on one RabbitMQ, as a deployment behind a load balancer: two
 * people in one room, each connected to a different instance, read each other's messages.
 */
class ChatAcrossRabbitInstancesTest {

  private final String exchange = TestNames.unique("sample");

  private ConfigurableApplicationContext instance() {
    return new SpringApplicationBuilder(ChatApplication.class)
        .run(
            "--server.port=0",
            "--channels.layers.default.backend=rabbitmq",
            "--channels.layers.default.rabbitmq.groups-exchange=" + exchange,
            "--spring.rabbitmq.host=" + RabbitBrokers.HOST,
            "--spring.rabbitmq.port=" + RabbitBrokers.PORT,
            "--spring.rabbitmq.virtual-host=" + RabbitBrokers.virtualHost());
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  @Test
  void peopleInOneRoomOnDifferentInstancesReadEachOthersMessages() {
    try (ConfigurableApplicationContext first = instance();
        ConfigurableApplicationContext second = instance();
        WebSocketTestClient alice = WebSocketTestClient.connect(port(first), "/ws/chat/lobby/");
        WebSocketTestClient bob = WebSocketTestClient.connect(port(second), "/ws/chat/lobby/");
        WebSocketTestClient carol =
            WebSocketTestClient.connect(port(second), "/ws/chat/kitchen/")) {
      alice.sendJson(Map.of("message", "Hello from instance one"));
      assertThat(alice.receiveJson()).isEqualTo(Map.of("message", "Hello from instance one"));
      assertThat(bob.receiveJson()).isEqualTo(Map.of("message", "Hello from instance one"));

      bob.sendJson(Map.of("message", "Hello from instance two"));
      assertThat(bob.receiveJson()).isEqualTo(Map.of("message", "Hello from instance two"));
      assertThat(alice.receiveJson()).isEqualTo(Map.of("message", "Hello from instance two"));

      assertThat(carol.pending()).as("another room hears nothing").isZero();
    }
  }
}
