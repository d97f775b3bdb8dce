package dev.channels.spring.consumer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * A WebSocket session without a network, standing in for the container where a test runs far more
 * connections than real sockets allow in its time. It records what the server sends.
 */
class InProcessSession implements WebSocketSession {

  final Queue<WebSocketMessage<?>> sent = new ConcurrentLinkedQueue<>();
  private final String id;
  private final Map<String, Object> attributes = new ConcurrentHashMap<>();
  private volatile @Nullable CloseStatus closeStatus;

  InProcessSession(String id, Map<String, String> pathVariables) {
    this.id = id;
    PathVariables.store(attributes, pathVariables);
  }

  @Nullable CloseStatus closeStatus() {
    return closeStatus;
  }

  @Override
  public String getId() {
    return id;
  }

  @Override
  public URI getUri() {
    return URI.create("ws://in-process/" + id);
  }

  @Override
  public HttpHeaders getHandshakeHeaders() {
    return new HttpHeaders();
  }

  @Override
  public Map<String, Object> getAttributes() {
    return attributes;
  }

  @Override
  public @Nullable Principal getPrincipal() {
    return null;
  }

  @Override
  public @Nullable InetSocketAddress getLocalAddress() {
    return null;
  }

  @Override
  public @Nullable InetSocketAddress getRemoteAddress() {
    return null;
  }

  @Override
  public @Nullable String getAcceptedProtocol() {
    return null;
  }

  @Override
  public void setTextMessageSizeLimit(int messageSizeLimit) {}

  @Override
  public int getTextMessageSizeLimit() {
    return 0;
  }

  @Override
  public void setBinaryMessageSizeLimit(int messageSizeLimit) {}

  @Override
  public int getBinaryMessageSizeLimit() {
    return 0;
  }

  @Override
  public List<WebSocketExtension> getExtensions() {
    return List.of();
  }

  @Override
  public void sendMessage(WebSocketMessage<?> message) throws IOException {
    sent.add(message);
  }

  @Override
  public boolean isOpen() {
    return closeStatus == null;
  }

  @Override
  public void close() {
    close(CloseStatus.NORMAL);
  }

  @Override
  public void close(CloseStatus status) {
    closeStatus = status;
  }
}
