package dev.channels.test.websocket;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Receives a connection's frames and queues them whole, in order; records the close. Asks for the
 * next frame as soon as one is queued, so the server is never held back by a test that is not
 * reading yet.
 */
final class Frames implements WebSocket.Listener {

  private final BlockingQueue<Frame> queue = new LinkedBlockingQueue<>();
  private final CompletableFuture<WebSocketTestClient.Closed> closed = new CompletableFuture<>();
  private final StringBuilder text = new StringBuilder();
  private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
  // Whether to ask for the next frame; while not, the JDK client reads nothing more from the
  // socket, and the server's writes back up as they would to a frozen browser tab.
  private volatile boolean reading = true;
  private volatile @Nullable WebSocket socket;

  @Override
  public void onOpen(WebSocket socket) {
    this.socket = socket;
    socket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      queue.add(Frame.ofText(text.toString()));
      text.setLength(0);
    }
    requestNext(socket);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
    byte[] part = new byte[data.remaining()];
    data.get(part);
    binary.writeBytes(part);
    if (last) {
      queue.add(Frame.ofBinary(binary.toByteArray()));
      binary.reset();
    }
    requestNext(socket);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
    closed.complete(new WebSocketTestClient.Closed(code, reason));
    return null;
  }

  // As a browser reports it: an end without a close frame is 1006, abnormal closure.
  @Override
  public void onError(WebSocket socket, Throwable error) {
    closed.complete(new WebSocketTestClient.Closed(1006, "connection failed: " + error));
  }

  private void requestNext(WebSocket socket) {
    if (reading) {
      socket.request(1);
    }
  }

  /** Stops asking for frames after the one being read. */
  void stopReading() {
    reading = false;
  }

  /** Asks for frames again. */
  void resumeReading() {
    reading = true;
    WebSocket open = socket;
    if (open != null) {
      open.request(1);
    }
  }

  Frame next(Duration timeout) {
    return poll(timeout)
        .orElseThrow(
            () ->
                new AssertionError(
                    closed.isDone()
                        ? "Expected a frame, but the connection closed: " + describeClose()
                        : "Expected a frame within " + timeout + ", but none arrived"));
  }

  Optional<Frame> poll(Duration timeout) {
    try {
      return Optional.ofNullable(queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for a frame", e);
    }
  }

  int pending() {
    return queue.size();
  }

  WebSocketTestClient.Closed awaitClose(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "Expected the server to close the connection within " + timeout + ", but it did not", e);
    } catch (ExecutionException e) {
      throw new AssertionError("The connection failed instead of closing: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for the close", e);
    }
  }

  private String describeClose() {
    return closed
        .handle((close, failure) -> failure != null ? failure.toString() : close.toString())
        .join();
  }
}
