package dev.channels.spring.consumer;

import org.apache.tomcat.websocket.WsSession;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * Tomcat's own suspension of reading: the connector stops watching the socket, the kernel's buffers
 * fill and the client's writes block; bytes already read wait in Tomcat's buffer and are parsed on
 * resume. No thread is held. Loaded only when Tomcat's WebSocket classes are there.
 */
final class TomcatReadGate implements ReadGate {

  private final WsSession session;

  private TomcatReadGate(WsSession session) {
    this.session = session;
  }

  static @Nullable ReadGate of(NativeWebSocketSession session) {
    WsSession tomcat = session.getNativeSession(WsSession.class);
    return tomcat == null ? null : new TomcatReadGate(tomcat);
  }

  @Override
  public void pause() {
    session.suspend();
  }

  // Tomcat hands the next read to its own executor, never the caller's thread.
  @Override
  public void resume() {
    session.resume();
  }
}
