package dev.channels.test.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A real WebSocket client for tests of a running application, as Django's {@code
 * WebsocketCommunicator} is for consumers: connect to a consumer's path, send text, JSON or binary
 * frames, and wait for the next frame or for the close, each with a timeout that fails the test
 * rather than hanging it.
 *
 * <pre>{@code
 * @SpringBootTest(webEnvironment = RANDOM_PORT)
 * class ChatTest {
 *   @LocalServerPort int port;
 *
 *   @Test
 *   void echoesToTheRoom() {
 *     try (WebSocketTestClient client = WebSocketTestClient.connect(port, "/ws/chat/lobby/")) {
 *       client.sendJson(Map.of("message", "hello"));
 *       assertThat(client.receiveJson()).containsEntry("message", "hello");
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Built on the JDK's {@link java.net.http.WebSocket}, so it needs nothing from the server side.
 * Frames are queued as they arrive, in order; nothing is dropped while the test is not reading.
 */
public final class WebSocketTestClient implements AutoCloseable {

  /** How long a receive waits unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  // One client for every connection: each HttpClient keeps a selector thread of its own, which a
  // test opening thousands of connections (a churn soak) would otherwise count as leaked.
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final WebSocket socket;
  private final Frames frames;
  private final Duration timeout;

  private WebSocketTestClient(WebSocket socket, Frames frames, Duration timeout) {
    this.socket = socket;
    this.frames = frames;
    this.timeout = timeout;
  }

  /** Connects to {@code path} on {@code localhost:port}, as a browser of that origin would. */
  public static WebSocketTestClient connect(int port, String path) {
    return builder(URI.create("ws://localhost:" + port + path)).connect();
  }

  /** Connects to {@code uri} ({@code ws://} or {@code wss://}). */
  public static WebSocketTestClient connect(URI uri) {
    return builder(uri).connect();
  }

  /** A client to {@code uri} with more to set before connecting: origin, headers, timeout. */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  /** Sends a text frame. */
  public WebSocketTestClient sendText(String text) {
    join(socket.sendText(text, true), "send a text frame");
    return this;
  }

  /** Sends {@code value} written as JSON with Jackson, as a text frame. */
  public WebSocketTestClient sendJson(Object value) {
    return sendText(Json.write(value));
  }

  /** Sends a binary frame. */
  public WebSocketTestClient sendBinary(byte[] bytes) {
    join(socket.sendBinary(ByteBuffer.wrap(bytes.clone()), true), "send a binary frame");
    return this;
  }

  /**
   * The next text frame from the server.
   *
   * @throws AssertionError if none arrives within the timeout, or the next frame is binary, or the
   *     connection closed first
   */
  public String receiveText() {
    return frames.next(timeout).text();
  }

  /** The next text frame, read as a JSON object. */
  public Map<String, Object> receiveJson() {
    return Json.readObject(receiveText());
  }

  /** The next text frame, read as JSON into {@code type}. */
  public <T> T receiveJson(Class<T> type) {
    return Json.read(receiveText(), type);
  }

  /** The next binary frame from the server. */
  public byte[] receiveBinary() {
    return frames.next(timeout).binary();
  }

  /**
   * Asserts that no frame arrives within {@code wait}, as {@code receive_nothing} does in Django's
   * communicator.
   *
   * @throws AssertionError naming the frame that arrived
   */
  public void expectNothing(Duration wait) {
    Optional<Frame> frame = frames.poll(wait);
    if (frame.isPresent()) {
      throw new AssertionError(
          "Expected no frame within %s, but got %s".formatted(wait, frame.get()));
    }
  }

  /**
   * Waits for the server to close the connection and returns its close frame; a connection that
   * ended without one (dropped, reset) is reported as 1006, as a browser reports it.
   *
   * @throws AssertionError if the server does not close within the timeout
   */
  public Closed awaitClose() {
    return frames.awaitClose(timeout);
  }

  /**
   * Stops reading from the connection, as a frozen browser tab does: frames already read can still
   * be received, and the server's later frames back up in its buffers and the network's until it
   * deals with a client that does not read.
   */
  public WebSocketTestClient stopReading() {
    frames.stopReading();
    return this;
  }

  /** Reads from the connection again, after {@link #stopReading()}. */
  public WebSocketTestClient resumeReading() {
    frames.resumeReading();
    return this;
  }

  /** Whether the connection is still open in both directions. */
  public boolean isOpen() {
    return !socket.isInputClosed() && !socket.isOutputClosed();
  }

  /** The frames received and not read yet. */
  public int pending() {
    return frames.pending();
  }

  /** Closes with 1000 (normal) and waits for the server's answer, briefly. */
  @Override
  public void close() {
    close(WebSocket.NORMAL_CLOSURE, "");
  }

  /** Closes with {@code code} and {@code reason}, and waits for the server's answer, briefly. */
  public void close(int code, String reason) {
    if (!socket.isOutputClosed()) {
      try {
        socket.sendClose(code, reason).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        socket.abort();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        socket.abort();
      }
    }
  }

  private <T> T join(CompletableFuture<T> step, String what) {
    try {
      return step.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("Could not %s within %s".formatted(what, timeout), e);
    } catch (ExecutionException e) {
      throw new AssertionError("Could not %s: %s".formatted(what, e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while trying to " + what, e);
    }
  }

  /**
   * How the server closed the connection.
   *
   * @param code the close code, such as 1000, 1008 or 4500
   * @param reason the reason the server gave, possibly empty
   */
  public record Closed(int code, String reason) {}

  /** Sets up a {@link WebSocketTestClient} before it connects. */
  public static final class Builder {

    private final URI uri;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration timeout = DEFAULT_TIMEOUT;
    private @Nullable String origin;

    private Builder(URI uri) {
      this.uri = uri;
    }

    /**
     * Sends {@code origin} as the Origin header; without it the client presents the server's own
     * origin, as a page the application served would.
     */
    public Builder origin(String origin) {
      this.origin = origin;
      return this;
    }

    /** Adds a header to the opening handshake, such as {@code Authorization} or {@code Cookie}. */
    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /** How long receives, sends and the handshake wait; 10 s unless set. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Connects.
     *
     * @throws AssertionError if the handshake fails or takes longer than the timeout
     */
    public WebSocketTestClient connect() {
      Frames frames = new Frames();
      WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(timeout);
      builder.header("Origin", origin != null ? origin : ownOrigin(uri));
      headers.forEach(builder::header);
      try {
        WebSocket socket =
            builder.buildAsync(uri, frames).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return new WebSocketTestClient(socket, frames, timeout);
      } catch (ExecutionException | CompletionException e) {
        throw new AssertionError("Could not connect to %s: %s".formatted(uri, e.getCause()), e);
      } catch (TimeoutException e) {
        throw new AssertionError("Could not connect to %s within %s".formatted(uri, timeout), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted while connecting to " + uri, e);
      }
    }

    private static String ownOrigin(URI uri) {
      String scheme = "wss".equals(uri.getScheme()) ? "https" : "http";
      return scheme + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
  }
}
