package dev.channels.spring.scale;

import dev.channels.Message;
import dev.channels.spring.ChannelConsumer;
import dev.channels.spring.ChannelHandler;
import dev.channels.spring.ConsumerSession;
import dev.channels.spring.OnConnect;
import dev.channels.spring.OnDisconnect;
import dev.channels.spring.OnText;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/** The two applications the scale and soak tests run: Spring Channels, and plain Spring. */
final class ScaleApps {

  private ScaleApps() {}

  /** A chat room consumer that keeps no state of its own beyond two counters. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Room.class)
  static class Channels {}

  record ChatInput(String message) {}

  record ChatEvent(String message) {}

  @ChannelConsumer(path = "/ws/room/{room}/", groups = "room_{room}")
  static class Room {

    final AtomicInteger connected = new AtomicInteger();

    @OnConnect
    void connect(ConsumerSession session) {
      connected.incrementAndGet();
    }

    @OnText
    void receive(ConsumerSession session, ChatInput input, @PathVariable String room) {
      session.groupSend("room_" + room, Message.of("chat.message", "message", input.message()));
    }

    @ChannelHandler("chat.message")
    void chatMessage(ConsumerSession session, ChatEvent event) {
      session.sendJson(Map.of("message", event.message()));
    }

    @OnDisconnect
    void disconnect(ConsumerSession session, CloseStatus status) {
      connected.decrementAndGet();
    }
  }

  /**
   * The baseline: Spring Boot's WebSocket support with a {@code TextWebSocketHandler}, and none of
   * this project's auto-configuration, so the container keeps its own defaults.
   */
  @SpringBootConfiguration
  @EnableAutoConfiguration(
      excludeName = {
        "dev.channels.spring.autoconfigure.ChannelLayerAutoConfiguration",
        "dev.channels.spring.autoconfigure.ChannelConsumerAutoConfiguration",
        "dev.channels.spring.actuate.ChannelLayerMetricsAutoConfiguration",
        "dev.channels.spring.actuate.ChannelLayerHealthContributorAutoConfiguration",
        "dev.channels.spring.actuate.ChannelsEndpointAutoConfiguration"
      })
  @EnableWebSocket
  static class Plain {

    @Bean
    PlainHandler plainHandler() {
      return new PlainHandler();
    }

    @Bean
    WebSocketConfigurer plainEndpoint(PlainHandler handler) {
      return registry -> registry.addHandler(handler, "/ws/plain/");
    }
  }

  /** Echoes text, as a plain Spring handler would serve a chat without a channel layer. */
  static class PlainHandler extends TextWebSocketHandler {

    final AtomicInteger connected = new AtomicInteger();

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
      connected.incrementAndGet();
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message)
        throws Exception {
      session.sendMessage(message);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
      connected.decrementAndGet();
    }
  }
}
