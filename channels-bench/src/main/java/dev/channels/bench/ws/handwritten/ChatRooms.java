package dev.channels.bench.ws.handwritten;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The sessions of each room in this process, and the one way a message reaches them. Joins and
 * leaves are serialised by the caller holding this object's lock; deliveries take no lock but the
 * sessions'.
 */
final class ChatRooms {

  private static final Logger log = LoggerFactory.getLogger(ChatRooms.class);

  private final ConcurrentMap<String, Set<WebSocketSession>> rooms = new ConcurrentHashMap<>();

  /** Adds {@code session} to {@code room}; true if it is the room's first session here. */
  boolean join(String room, WebSocketSession session) {
    Set<WebSocketSession> sessions =
        rooms.computeIfAbsent(room, unused -> ConcurrentHashMap.newKeySet());
    return sessions.add(session) && sessions.size() == 1;
  }

  /** Removes {@code session} from {@code room}; true if the room has no session here any more. */
  boolean leave(String room, WebSocketSession session) {
    Set<WebSocketSession> sessions = rooms.get(room);
    if (sessions == null || !sessions.remove(session) || !sessions.isEmpty()) {
      return false;
    }
    rooms.remove(room);
    return true;
  }

  /**
   * Writes {@code json} to every session of {@code room} here, one after another on the calling
   * thread. A WebSocket session takes one write at a time, so each write holds the session's lock.
   */
  void deliver(String room, String json) {
    Set<WebSocketSession> sessions = rooms.get(room);
    if (sessions == null) {
      return;
    }
    TextMessage message = new TextMessage(json);
    for (WebSocketSession session : sessions) {
      try {
        synchronized (session) {
          if (session.isOpen()) {
            session.sendMessage(message);
          }
        }
      } catch (IOException | IllegalStateException e) {
        log.debug("Could not write to session {}: {}", session.getId(), e.toString());
      }
    }
  }
}
