package dev.channels.bench.ws.handwritten;

import java.util.Objects;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /ws/chat/{room}/}: a client sends {"message": text}; every session of the room gets
 * {"message": text}, as in the Django Channels tutorial.
 */
final class ChatRoomHandler extends TextWebSocketHandler {

  record ChatMessage(String message) {}

  private final ChatRooms rooms;
  private final RoomRelay relay;
  private final JsonMapper json;

  ChatRoomHandler(ChatRooms rooms, RoomRelay relay, JsonMapper json) {
    this.rooms = rooms;
    this.relay = relay;
    this.json = json;
  }

  // Joins and leaves hold the rooms' lock together with the relay's subscribe or unsubscribe, so a
  // room's last leave and next first join cannot swap their Redis commands.
  @Override
  public void afterConnectionEstablished(WebSocketSession session) {
    String room = room(session);
    synchronized (rooms) {
      if (rooms.join(room, session)) {
        relay.firstJoined(room);
      }
    }
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage message) {
    ChatMessage in = json.readValue(message.getPayload(), ChatMessage.class);
    relay.publish(room(session), json.writeValueAsString(new ChatMessage(in.message())));
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    String room = room(session);
    synchronized (rooms) {
      if (rooms.leave(room, session)) {
        relay.lastLeft(room);
      }
    }
  }

  // The last segment of /ws/chat/{room}/.
  private static String room(WebSocketSession session) {
    String path = Objects.requireNonNull(session.getUri(), "a session has a URI").getPath();
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }
}
