package dev.channels.spring.consumer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * Jetty's native asynchronous send, the one Spring's Jetty sessions are made of: a write to a
 * client that does not read completes when it does, or fails, without holding a thread. Loaded only
 * when Jetty's WebSocket API is there.
 */
final class JettyAsyncSend implements AsyncSend {

  static final boolean PRESENT = AsyncSend.present("org.eclipse.jetty.websocket.api.Session");

  private final Session session;

  private JettyAsyncSend(Session session) {
    this.session = session;
  }

  static @Nullable AsyncSend of(NativeWebSocketSession sessions) {
    Session jetty = sessions.getNativeSession(Session.class);
    return jetty == null ? null : new JettyAsyncSend(jetty);
  }

  /**
   * Drops the connection of {@code session} if Jetty has not reported it closed after {@code
   * millis}: Jetty queues a close frame behind the frames a client has not taken, and would wait
   * for its idle timeout before giving up on one that never reads. Called on a closer thread, which
   * may wait.
   */
  static void disconnectUnlessClosed(
      WebSocketSession session, long millis, BooleanSupplier closed) {
    if (!(WebSocketSessionDecorator.unwrap(session) instanceof NativeWebSocketSession sessions)) {
      return;
    }
    Session jetty = sessions.getNativeSession(Session.class);
    if (jetty == null) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!closed.getAsBoolean() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    if (!closed.getAsBoolean()) {
      LoggerFactory.getLogger(JettyAsyncSend.class)
          .debug(
              "Session {} did not close within {} ms; dropping its connection",
              session.getId(),
              millis);
      jetty.disconnect();
    }
  }

  @Override
  public boolean send(WebSocketMessage<?> message, Consumer<@Nullable Throwable> done) {
    Callback callback = Callback.from(() -> done.accept(null), done::accept);
    if (message instanceof TextMessage text) {
      session.sendText(text.getPayload(), callback);
      return true;
    }
    if (message instanceof BinaryMessage binary) {
      session.sendBinary(binary.getPayload().duplicate(), callback);
      return true;
    }
    return false;
  }
}
