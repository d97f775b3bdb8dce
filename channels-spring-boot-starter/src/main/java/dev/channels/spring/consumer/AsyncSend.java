package dev.channels.spring.consumer;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * A container's own asynchronous send of a text or binary frame, which holds no thread while a
 * client is slow: Jakarta's {@code RemoteEndpoint.Async} (Tomcat), or Jetty's native session, which
 * Spring's Jetty support serves sessions on. A container with neither is written to with Spring's
 * blocking send.
 */
interface AsyncSend {

  /**
   * Starts writing {@code message}; {@code done} is called with null once it is written, or with
   * what failed. Returns false if this frame is not one it sends (a ping), for a blocking write.
   */
  boolean send(WebSocketMessage<?> message, Consumer<@Nullable Throwable> done);

  /** The asynchronous send of {@code session}'s container, or null if it has none. */
  static @Nullable AsyncSend of(WebSocketSession session) {
    if (!(WebSocketSessionDecorator.unwrap(session) instanceof NativeWebSocketSession sessions)) {
      return null;
    }
    jakarta.websocket.Session standard = sessions.getNativeSession(jakarta.websocket.Session.class);
    if (standard != null) {
      return new JakartaAsyncSend(standard.getAsyncRemote());
    }
    if (JettyAsyncSend.PRESENT) {
      return JettyAsyncSend.of(sessions);
    }
    return null;
  }

  /** Tomcat's, and any container's Jakarta WebSocket support. */
  final class JakartaAsyncSend implements AsyncSend {
    private final jakarta.websocket.RemoteEndpoint.Async remote;

    JakartaAsyncSend(jakarta.websocket.RemoteEndpoint.Async remote) {
      this.remote = remote;
    }

    @Override
    public boolean send(WebSocketMessage<?> message, Consumer<@Nullable Throwable> done) {
      if (message instanceof TextMessage text) {
        remote.sendText(text.getPayload(), result -> done.accept(result.getException()));
        return true;
      }
      if (message instanceof BinaryMessage binary) {
        remote.sendBinary(
            binary.getPayload().duplicate(), result -> done.accept(result.getException()));
        return true;
      }
      return false;
    }
  }

  /** Whether a class is there to load. */
  static boolean present(String className) {
    return ClassUtils.isPresent(className, AsyncSend.class.getClassLoader());
  }
}
