package dev.channels.spring.consumer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Frames on their way to one client: a queue bounded in bytes, written one at a time with the
 * container's asynchronous send, so no thread ever waits on a slow client. The send buffer limit is
 * where the session stops handling channel messages until the client has taken some ({@link
 * #whenHasRoom}): a client that reads slower than its room talks falls behind in its channel, not
 * in frames, and is not closed for it. A client whose frame has been in flight longer than the send
 * time limit (one that stopped reading), or whose queue outgrows twice the limit (frames pushed
 * from outside the channel's handlers), is closed as not reliable (4500); one whose write fails is
 * closed with 1011. The others never notice it.
 *
 * <p>A close asked for with {@link #close} comes after the frames queued before it, as in Django
 * Channels, where a consumer's sends reach the client before its close: the writer that empties the
 * queue closes the session, so nothing waits for the queue to drain. A client that has not taken
 * those frames within the send time limit is closed as not reliable all the same.
 *
 * <p>The monitor guards the queue and the state only: no frame is written while it is held, so the
 * watchdog's {@link #checkStalled} never waits on a client, even on a container without
 * asynchronous send, where the write blocks the thread that makes it.
 */
final class Outbound {

  private static final CloseStatus TOO_SLOW_TO_READ =
      CloseStatus.SESSION_NOT_RELIABLE.withReason("send time limit exceeded");
  private static final CloseStatus TOO_FAR_BEHIND =
      CloseStatus.SESSION_NOT_RELIABLE.withReason("send buffer limit exceeded");
  private static final CloseStatus WRITE_FAILED =
      CloseStatus.SERVER_ERROR.withReason("send failed");

  /** A queued frame and its size in bytes, which for text costs an encoding to learn. */
  private record Frame(WebSocketMessage<?> message, int size) {}

  private final WebSocketSession session;
  private final @Nullable AsyncSend async;
  private final long sendTimeLimitNanos;
  private final long bufferLimitBytes;
  private final Consumer<CloseStatus> closer;
  // Completed once the queue is below the limit again; made when someone waits for room.
  private @Nullable CompletableFuture<Void> room;

  private final ArrayDeque<Frame> queue = new ArrayDeque<>();
  private long queuedBytes;
  // One thread at a time writes: the one that found the writer idle, or the one that a completed
  // asynchronous send called back. It owns the queue's head until it finds the queue empty.
  private boolean writing;
  private boolean inFlight;
  private long inFlightSinceNanos;
  // The writer is still inside the container's send call; a completion meanwhile leaves the next
  // frame to it rather than recursing.
  private boolean handingOver;
  private boolean completedDuringHandOver;
  // A close waiting for the queue to empty, and when it stops waiting.
  private @Nullable CloseStatus pendingClose;
  private long pendingCloseDeadlineNanos;
  // The session is being closed: later frames go nowhere.
  private boolean ended;

  Outbound(
      WebSocketSession session,
      Duration sendTimeLimit,
      long bufferLimitBytes,
      Consumer<CloseStatus> closer) {
    this.session = session;
    this.async = AsyncSend.of(session);
    this.sendTimeLimitNanos = sendTimeLimit.toNanos();
    this.bufferLimitBytes = bufferLimitBytes;
    this.closer = closer;
  }

  /** Queues {@code message} for the client; closes the session if the client is too far behind. */
  void send(WebSocketMessage<?> message) {
    Frame frame = new Frame(message, message.getPayloadLength());
    CloseStatus verdict;
    synchronized (this) {
      if (ended || pendingClose != null) {
        return; // it would follow the close on the wire: dropped
      }
      verdict = stalled(System.nanoTime());
      if (verdict == null && queuedBytes + frame.size() > 2 * bufferLimitBytes) {
        verdict = TOO_FAR_BEHIND;
      }
      if (verdict == null) {
        queue.add(frame);
        queuedBytes += frame.size();
        if (writing) {
          return; // the writer takes it next
        }
        writing = true;
      } else {
        end();
      }
    }
    if (verdict != null) {
      closer.accept(verdict);
    } else {
      writeQueued();
    }
  }

  /**
   * Closes the session with {@code status} once the frames queued so far are written, at once if
   * there are none; frames sent after this call are dropped. Only the first close counts.
   */
  void close(CloseStatus status) {
    synchronized (this) {
      if (ended || pendingClose != null) {
        return;
      }
      if (writing) {
        pendingClose = status;
        pendingCloseDeadlineNanos = System.nanoTime() + sendTimeLimitNanos;
        return; // the writer closes when it finds the queue empty
      }
      end();
    }
    closer.accept(status);
  }

  /**
   * Closes the session if its frame in flight has outlived the send time limit, or if a close has
   * waited that long for the frames before it.
   */
  void checkStalled(long nowNanos) {
    synchronized (this) {
      if (ended || (stalled(nowNanos) == null && !closeOverdue(nowNanos))) {
        return;
      }
      end();
    }
    closer.accept(TOO_SLOW_TO_READ);
  }

  /** Bytes waiting behind the frame in flight. */
  synchronized long queuedBytes() {
    return queuedBytes;
  }

  /** Whether the queue is below the send buffer limit, so more frames may be made for it. */
  synchronized boolean hasRoom() {
    return ended || queuedBytes < bufferLimitBytes;
  }

  /**
   * Completes once the queue is below the send buffer limit, or the session ends: at once if it is
   * below already. Completed on the thread that wrote the frame that made room.
   */
  synchronized CompletableFuture<Void> whenHasRoom() {
    if (hasRoom()) {
      return CompletableFuture.completedFuture(null);
    }
    if (room == null) {
      room = new CompletableFuture<>();
    }
    return room;
  }

  private @Nullable CloseStatus stalled(long nowNanos) {
    return inFlight && nowNanos - inFlightSinceNanos > sendTimeLimitNanos ? TOO_SLOW_TO_READ : null;
  }

  private boolean closeOverdue(long nowNanos) {
    return pendingClose != null && nowNanos - pendingCloseDeadlineNanos > 0;
  }

  // Called by the writer only. A loop rather than recursion when sends complete at once.
  private void writeQueued() {
    while (true) {
      Frame frame = takeNext();
      if (frame == null) {
        closeIfAsked(); // every frame before the close is written
        return;
      }
      if (!write(frame.message())) {
        return; // the completion callback carries on
      }
    }
  }

  /** The next frame to write, or null when there is none and the writer stops. */
  private @Nullable Frame takeNext() {
    CompletableFuture<Void> madeRoom = null;
    Frame frame;
    synchronized (this) {
      frame = ended ? null : queue.poll();
      if (frame == null) {
        writing = false;
        inFlight = false;
      } else {
        queuedBytes -= frame.size();
        inFlight = true;
        inFlightSinceNanos = System.nanoTime();
      }
      if (room != null && hasRoom()) {
        madeRoom = room;
        room = null;
      }
    }
    if (madeRoom != null) {
      madeRoom.complete(null); // outside the monitor: it lets the session's handlers go on
    }
    return frame;
  }

  // No writer takes over meanwhile: once a close is pending, send() queues nothing.
  private void closeIfAsked() {
    CloseStatus status;
    synchronized (this) {
      status = pendingClose;
      if (status == null || ended) {
        return;
      }
      end();
    }
    closer.accept(status);
  }

  /** Writes {@code message}; true if it is done and the caller writes the next one. */
  private boolean write(WebSocketMessage<?> message) {
    try {
      if (async != null) {
        beginHandOver();
        if (async.send(message, this::written)) {
          return endHandOver();
        }
        endHandOver();
      }
      // No asynchronous send for this frame (a ping) or on this container: the write blocks this
      // thread, not the monitor.
      session.sendMessage(message);
      synchronized (this) {
        inFlight = false;
      }
      return true;
    } catch (IOException | RuntimeException e) {
      writeFailed();
      return false;
    }
  }

  private synchronized void beginHandOver() {
    handingOver = true;
    completedDuringHandOver = false;
  }

  private synchronized boolean endHandOver() {
    handingOver = false;
    return completedDuringHandOver;
  }

  private void written(@Nullable Throwable failure) {
    if (failure != null) {
      writeFailed();
      return;
    }
    synchronized (this) {
      inFlight = false;
      if (handingOver) {
        completedDuringHandOver = true;
        return;
      }
    }
    writeQueued();
  }

  private void writeFailed() {
    synchronized (this) {
      inFlight = false;
      if (ended) {
        return;
      }
      end();
    }
    closer.accept(WRITE_FAILED);
  }

  // Later frames would go nowhere: the session is being closed. Whoever waits for room goes on,
  // to find the session stopping.
  private void end() {
    ended = true;
    pendingClose = null;
    queue.clear();
    queuedBytes = 0;
    if (room != null) {
      room.complete(null);
      room = null;
    }
  }
}
