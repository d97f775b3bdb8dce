package dev.channels.spring.consumer;

import dev.channels.ChannelLayer;
import java.util.function.Supplier;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The WebSocket handler of one consumer. It only hands events to the session's runtime, so the
 * container's threads return at once.
 */
final class ConsumerWebSocketHandler implements WebSocketHandler {

  private static final String RUNTIME = SessionRuntime.class.getName();

  private final ConsumerDefinition consumer;
  private final Supplier<Object> bean;
  private final ChannelLayer layer;
  private final ConsumerEndpoints endpoints;

  ConsumerWebSocketHandler(
      ConsumerDefinition consumer,
      Supplier<Object> bean,
      ChannelLayer layer,
      ConsumerEndpoints endpoints) {
    this.consumer = consumer;
    this.bean = bean;
    this.layer = layer;
    this.endpoints = endpoints;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) {
    if (!endpoints.accepting()) {
      endpoints.close(session, CloseStatus.GOING_AWAY);
      return;
    }
    SessionRuntime runtime = new SessionRuntime(consumer, bean.get(), session, layer, endpoints);
    session.getAttributes().put(RUNTIME, runtime);
    endpoints.started(runtime);
    runtime.start();
  }

  @Override
  public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
    SessionRuntime runtime = runtime(session);
    if (runtime == null) {
      return;
    }
    runtime.heard();
    MessageAssembler parts = runtime.messageParts();
    if (message instanceof TextMessage text) {
      String whole = parts.text(text.getPayload(), text.isLast());
      if (whole != null) {
        runtime.textReceived(whole);
      }
    } else if (message instanceof BinaryMessage binary) {
      byte[] whole = parts.binary(binary.getPayload(), binary.isLast());
      if (whole != null) {
        runtime.binaryReceived(whole);
      }
    }
  }

  @Override
  public void handleTransportError(WebSocketSession session, Throwable exception) {
    // The container closes the session next, and afterConnectionClosed cleans up.
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    session.getAttributes().put(SessionCloser.CLOSED_ATTRIBUTE, Boolean.TRUE);
    SessionRuntime runtime = runtime(session);
    if (runtime != null) {
      runtime.closed(status);
    }
  }

  /**
   * Yes: messages arrive in parts the size of the container's read buffer and {@link
   * MessageAssembler} joins them, so large message limits do not cost every idle session a buffer
   * that large.
   */
  @Override
  public boolean supportsPartialMessages() {
    return true;
  }

  private static SessionRuntime runtime(WebSocketSession session) {
    return (SessionRuntime) session.getAttributes().get(RUNTIME);
  }
}
