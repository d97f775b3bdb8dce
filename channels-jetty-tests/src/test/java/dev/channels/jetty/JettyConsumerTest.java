package dev.channels.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.spring.ChannelConsumer;
import dev.channels.spring.ConsumerSession;
import dev.channels.spring.OnText;
import dev.channels.test.websocket.WebSocketTestClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * Consumers on Jetty: a client flooding a slow handler is slowed, not closed, and every message
 * arrives in order; a text message larger than Jetty's own default limit, within the starter's, is
 * taken whole.
 */
@SpringBootTest(
    classes = JettyConsumerTest.Consumers.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "channels.websocket.max-text-message-size=256KB")
class JettyConsumerTest {

  @LocalServerPort int port;
  @Autowired Flood flood;
  @Autowired ServletWebServerApplicationContext context;

  @Test
  void runsOnJetty() {
    assertThat(context.getWebServer().getClass().getSimpleName()).startsWith("Jetty");
  }

  @Test
  void aClientFloodingASlowHandlerIsSlowedNotClosed() {
    try (WebSocketTestClient flooder = WebSocketTestClient.connect(port, "/ws/flood/")) {
      for (int n = 0; n < 2_000; n++) {
        flooder.sendText(Integer.toString(n));
      }

      Awaitility.await().until(() -> flood.handled.get() == 2_000);
      assertThat(flood.outOfOrder).isEmpty();
      assertThat(flooder.isOpen()).isTrue();
    }
  }

  @Test
  void aTextMessageOverJettysDefaultLimitButWithinTheStartersIsTakenWhole() {
    String large = "x".repeat(200 * 1024);
    try (WebSocketTestClient client = WebSocketTestClient.connect(port, "/ws/echo-size/")) {
      client.sendText(large);

      assertThat(client.receiveText()).isEqualTo(Integer.toString(large.length()));
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({Flood.class, EchoSize.class})
  static class Consumers {}

  @ChannelConsumer("/ws/flood/")
  static class Flood {
    final AtomicInteger handled = new AtomicInteger();
    final List<String> outOfOrder = new CopyOnWriteArrayList<>();

    @OnText
    void receive(String text) {
      if (Integer.parseInt(text) != handled.get()) {
        outOfOrder.add(handled.get() + " then " + text);
      }
      LockSupport.parkNanos(200_000); // the handler's own work
      handled.incrementAndGet();
    }
  }

  @ChannelConsumer("/ws/echo-size/")
  static class EchoSize {
    @OnText
    void receive(ConsumerSession session, String text) {
      session.sendText(Integer.toString(text.length()));
    }
  }
}
