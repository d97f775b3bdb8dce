package dev.channels.bench.ws.handwritten;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chat room a plain Spring developer would write without Spring Channels: a {@code
 * TextWebSocketHandler} at {@code /ws/chat/{room}/} that writes every message to every session of
 * the room. It is the floor the WebSocket load harness measures the sample app against.
 *
 * <p>{@code --bench.relay=local} (the default) keeps rooms in this process; {@code
 * --bench.relay=redis} relays them over Redis pub/sub so that two instances share rooms, with
 * {@code --bench.redis-uri} (default redis://127.0.0.1:6379).
 */
@SpringBootApplication
@EnableWebSocket
public class HandwrittenChatApplication implements WebSocketConfigurer {

  private final ChatRoomHandler handler;

  HandwrittenChatApplication(ChatRoomHandler handler) {
    this.handler = handler;
  }

  public static void main(String[] args) {
    SpringApplication.run(HandwrittenChatApplication.class, args);
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    // The load client sends no Origin header, as a non-browser client does; allowing every origin
    // is what a tutorial-style app does too.
    registry.addHandler(handler, "/ws/chat/*/").setAllowedOrigins("*");
  }

  @Bean
  static ChatRooms chatRooms() {
    return new ChatRooms();
  }

  @Bean
  static RoomRelay roomRelay(
      ChatRooms rooms,
      @Value("${bench.relay:local}") String relay,
      @Value("${bench.redis-uri:redis://127.0.0.1:6379}") String redisUri) {
    return switch (relay) {
      case "local" -> new LocalRelay(rooms);
      case "redis" -> new RedisPubSubRelay(rooms, redisUri);
      default -> throw new IllegalArgumentException("bench.relay must be local or redis: " + relay);
    };
  }

  @Bean
  static ChatRoomHandler chatRoomHandler(ChatRooms rooms, RoomRelay relay, JsonMapper json) {
    return new ChatRoomHandler(rooms, relay, json);
  }
}
