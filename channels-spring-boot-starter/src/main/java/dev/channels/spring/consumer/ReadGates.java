package dev.channels.spring.consumer;

import java.time.Duration;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/** Picks the {@link ReadGate} a session's container allows. */
final class ReadGates {

  // Checked here, so that TomcatReadGate, which names Tomcat's classes, loads only with Tomcat.
  private static final boolean TOMCAT =
      ClassUtils.isPresent(
          "org.apache.tomcat.websocket.WsSession", ReadGates.class.getClassLoader());

  private ReadGates() {}

  /** Tomcat's suspension where the session is Tomcat's, else a held container thread. */
  static ReadGate of(WebSocketSession session, Duration longestHold) {
    WebSocketSession unwrapped = WebSocketSessionDecorator.unwrap(session);
    if (TOMCAT && unwrapped instanceof NativeWebSocketSession nativeSession) {
      ReadGate tomcat = TomcatReadGate.of(nativeSession);
      if (tomcat != null) {
        return tomcat;
      }
    }
    return new HeldThreadReadGate(longestHold);
  }
}
