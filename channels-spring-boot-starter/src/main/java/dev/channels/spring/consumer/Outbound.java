package dev.channels.spring.consumer;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * Frames on their way to one client: a queue bounded in bytes, written one at a time with the
 * container's asynchronous send, so no thread ever waits on a slow client. A client whose frame has
 * been in flight longer than the send time limit, or whose queue outgrows its limit, is closed as
 * not reliable (4500); the others never notice it.
 */
final class Outbound {

  private final WebSocketSession session;
  private final RemoteEndpoint.@Nullable Async remote;
  private final long sendTimeLimitNanos;
  private final long bufferLimitBytes;
  private final Consumer<CloseStatus> closer;

  private final ArrayDeque<WebSocketMessage<?>> queue = new ArrayDeque<>();
  private long queuedBytes;
  private boolean inFlight;
  private boolean sending;
  private long inFlightSinceNanos;
  private boolean failed;

  Outbound(
      WebSocketSession session,
      Duration sendTimeLimit,
      long bufferLimitBytes,
      Consumer<CloseStatus> closer) {
    this.session = session;
    this.remote = asyncRemote(session);
    this.sendTimeLimitNanos = sendTimeLimit.toNanos();
    this.bufferLimitBytes = bufferLimitBytes;
    this.closer = closer;
  }

  /** Queues {@code frame} for the client; closes the session if the client is too far behind. */
  void send(WebSocketMessage<?> frame) {
    CloseStatus verdict;
    synchronized (this) {
      if (failed) {
        return;
      }
      verdict = stalled(System.nanoTime());
      if (verdict == null && queuedBytes + frame.getPayloadLength() > bufferLimitBytes) {
        verdict = CloseStatus.SESSION_NOT_RELIABLE.withReason("send buffer limit exceeded");
      }
      if (verdict == null) {
        queue.add(frame);
        queuedBytes += frame.getPayloadLength();
        pump();
        return;
      }
      failed = true;
      queue.clear();
    }
    closer.accept(verdict);
  }

  /** Closes the session if its frame in flight has outlived the send time limit. */
  void checkStalled(long nowNanos) {
    CloseStatus verdict;
    synchronized (this) {
      verdict = failed ? null : stalled(nowNanos);
      if (verdict == null) {
        return;
      }
      failed = true;
      queue.clear();
    }
    closer.accept(verdict);
  }

  private @Nullable CloseStatus stalled(long nowNanos) {
    return inFlight && nowNanos - inFlightSinceNanos > sendTimeLimitNanos
        ? CloseStatus.SESSION_NOT_RELIABLE.withReason("send time limit exceeded")
        : null;
  }

  // Holds the monitor. The container may report completion inside the send call; the loop, not
  // recursion, then writes the next frame.
  private void pump() {
    while (!inFlight && !failed && !queue.isEmpty()) {
      WebSocketMessage<?> frame = queue.poll();
      queuedBytes -= frame.getPayloadLength();
      inFlight = true;
      inFlightSinceNanos = System.nanoTime();
      sending = true;
      try {
        write(frame);
      } catch (IOException | RuntimeException e) {
        inFlight = false;
        failed = true;
      } finally {
        sending = false;
      }
    }
  }

  private void write(WebSocketMessage<?> frame) throws IOException {
    if (remote == null) {
      // No asynchronous send on this container: write in the caller's thread.
      session.sendMessage(frame);
      inFlight = false;
    } else if (frame instanceof TextMessage text) {
      remote.sendText(text.getPayload(), this::written);
    } else if (frame instanceof BinaryMessage binary) {
      remote.sendBinary(binary.getPayload().duplicate(), this::written);
    } else {
      session.sendMessage(frame);
      inFlight = false;
    }
  }

  private void written(SendResult result) {
    synchronized (this) {
      inFlight = false;
      if (!result.isOK()) {
        failed = true;
        queue.clear();
        return;
      }
      if (!sending) {
        pump();
      }
    }
  }

  private static RemoteEndpoint.@Nullable Async asyncRemote(WebSocketSession session) {
    if (session instanceof NativeWebSocketSession nativeSession) {
      jakarta.websocket.Session standard =
          nativeSession.getNativeSession(jakarta.websocket.Session.class);
      return standard != null ? standard.getAsyncRemote() : null;
    }
    return null;
  }
}
