package dev.channels.spring.consumer;

import dev.channels.Message;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.CloseStatus;

/**
 * What a handler method is called for: the session and the one thing that happened to it; a
 * worker's message has no session.
 */
record Event(
    @Nullable SessionRuntime session,
    @Nullable Message message,
    @Nullable String text,
    byte @Nullable [] bytes,
    @Nullable CloseStatus closeStatus) {

  static Event connect(SessionRuntime session) {
    return new Event(session, null, null, null, null);
  }

  static Event message(SessionRuntime session, Message message) {
    return new Event(session, message, null, null, null);
  }

  static Event work(Message message) {
    return new Event(null, message, null, null, null);
  }

  static Event text(SessionRuntime session, String text) {
    return new Event(session, null, text, null, null);
  }

  static Event binary(SessionRuntime session, byte[] bytes) {
    return new Event(session, null, null, bytes, null);
  }

  static Event disconnect(SessionRuntime session, CloseStatus status) {
    return new Event(session, null, null, null, status);
  }
}
