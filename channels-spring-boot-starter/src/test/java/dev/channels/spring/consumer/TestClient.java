package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/** A real WebSocket client that records what the server sends and how the connection ends. */
final class TestClient extends AbstractWebSocketHandler implements AutoCloseable {

  private static final StandardWebSocketClient CLIENT = client();

  // Tomcat's client takes text frames of 8 KiB by default; the tests send larger ones.
  private static StandardWebSocketClient client() {
    jakarta.websocket.WebSocketContainer container =
        jakarta.websocket.ContainerProvider.getWebSocketContainer();
    container.setDefaultMaxTextMessageBufferSize(1024 * 1024);
    container.setDefaultMaxBinaryMessageBufferSize(1024 * 1024);
    return new StandardWebSocketClient(container);
  }

  private final BlockingQueue<WebSocketMessage<?>> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
  private final WebSocketSession session;

  private TestClient(URI uri, WebSocketHttpHeaders headers) throws Exception {
    this.session = CLIENT.execute(this, headers, uri).get(10, TimeUnit.SECONDS);
  }

  static TestClient connect(int port, String path) throws Exception {
    return new TestClient(URI.create("ws://localhost:" + port + path), new WebSocketHttpHeaders());
  }

  static TestClient connect(int port, String path, String origin) throws Exception {
    WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
    headers.setOrigin(origin);
    return new TestClient(URI.create("ws://localhost:" + port + path), headers);
  }

  void send(String text) throws Exception {
    session.sendMessage(new TextMessage(text));
  }

  void sendBinary(byte[] bytes) throws Exception {
    session.sendMessage(new BinaryMessage(bytes));
  }

  /** The next text frame, failing the test if none arrives in good time. */
  String nextText() throws InterruptedException {
    WebSocketMessage<?> message = received.poll(10, TimeUnit.SECONDS);
    assertThat(message).as("a frame from the server").isInstanceOf(TextMessage.class);
    return ((TextMessage) message).getPayload();
  }

  byte[] nextBinary() throws InterruptedException {
    WebSocketMessage<?> message = received.poll(10, TimeUnit.SECONDS);
    assertThat(message).as("a frame from the server").isInstanceOf(BinaryMessage.class);
    return ((BinaryMessage) message).getPayload().array();
  }

  @Nullable WebSocketMessage<?> poll(Duration timeout) throws InterruptedException {
    return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** How the server closed the connection. */
  CloseStatus closeStatus() throws Exception {
    return closed.get(10, TimeUnit.SECONDS);
  }

  boolean isOpen() {
    return session.isOpen();
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage message) {
    received.add(message);
  }

  @Override
  protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
    byte[] copy = new byte[message.getPayloadLength()];
    message.getPayload().get(copy);
    received.add(new BinaryMessage(copy));
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    closed.complete(status);
  }

  @Override
  public void close() throws IOException {
    if (session.isOpen()) {
      session.close();
    }
  }
}
