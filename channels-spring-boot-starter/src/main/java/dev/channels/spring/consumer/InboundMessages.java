package dev.channels.spring.consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;

/**
 * A client's messages waiting for their handler, bounded by back-pressure rather than by closing
 * the client. The container hands messages over as fast as the client sends them; once {@code
 * max-queued-messages} of them, or {@code max-queued-bytes} of their size, wait behind the
 * session's running handler, the session stops reading from that client's connection ({@link
 * ReadGate}), so TCP slows that client alone and the heap stays bounded. Reading resumes once half
 * of the queue has drained: waiting for half, not for one, spares a suspend and a resume per
 * message.
 *
 * <p>A client is closed (1008) only when its queue has not moved for {@code inbound-stall-timeout}
 * while reading was paused: a handler that never returns, not a client that sends quickly.
 */
final class InboundMessages {

  private static final Logger log = LoggerFactory.getLogger(InboundMessages.class);
  private static final CloseStatus STALLED =
      CloseStatus.POLICY_VIOLATION.withReason("inbound queue stalled");

  private final SessionRuntime session;
  private final SerialExecutor events;
  private final ReadGate gate;
  private final int maxMessages;
  private final long maxBytes;
  private final long stallTimeoutNanos;
  // Guarded by this. Never touched on an idle session's path but through received/taken.
  private int waiting;
  private long waitingBytes;
  private boolean paused;
  private long movedAtNanos;

  InboundMessages(SessionRuntime session, SerialExecutor events, ReadGate gate) {
    this.session = session;
    this.events = events;
    this.gate = gate;
    ConsumerSettings settings = session.endpoints().settings();
    this.maxMessages = settings.maxQueuedMessages();
    this.maxBytes = settings.maxQueuedBytes();
    this.stallTimeoutNanos = settings.inboundStallTimeout().toNanos();
  }

  /**
   * Queues {@code event} of {@code size} bytes for the session's handler of {@code kind}, if it has
   * one. Called on the container's thread; pauses reading once the queue is full.
   */
  void received(HandlerKind kind, Event event, long size) {
    HandlerMethod handler = session.consumer().lifecycle(kind);
    if (handler == null || session.stopping()) {
      return;
    }
    boolean pausedNow = enqueued(size);
    events.submit(
        () -> {
          taken(size);
          return session.invoke(handler, event);
        });
    if (pausedNow) {
      gate.holdDelivery();
    }
  }

  /** Closes the session if its queue has waited, unmoved, longer than the stall timeout. */
  void checkStalled(long nowNanos) {
    synchronized (this) {
      if (!paused || nowNanos - movedAtNanos < stallTimeoutNanos) {
        return;
      }
      resumeReading();
    }
    log.warn(
        "Closing session {} of {} with 1008: {} of its client's messages waited {} s for a handler"
            + " that did not take any of them (channels.websocket.inbound-stall-timeout).",
        session.id(),
        session.consumer().type.getSimpleName(),
        waiting,
        stallTimeoutNanos / 1_000_000_000);
    session.close(STALLED);
  }

  /** Lets the container read again, for good: the session is ending. */
  void stop() {
    synchronized (this) {
      if (paused) {
        resumeReading();
      }
    }
  }

  private synchronized boolean enqueued(long size) {
    waiting++;
    waitingBytes += size;
    if (paused || (waiting < maxMessages && waitingBytes < maxBytes)) {
      return false;
    }
    // Under the lock, so that a resume by the handler's thread cannot come before it.
    paused = true;
    movedAtNanos = System.nanoTime();
    gate.pause();
    return true;
  }

  private void taken(long size) {
    synchronized (this) {
      waiting--;
      waitingBytes -= size;
      movedAtNanos = System.nanoTime();
      if (paused && waiting <= maxMessages / 2 && waitingBytes <= maxBytes / 2) {
        resumeReading();
      }
    }
  }

  private void resumeReading() {
    paused = false;
    gate.resume();
  }

  /** How many client messages wait for the handler; for tests. */
  synchronized int waiting() {
    return waiting;
  }

  /** Whether reading from the client is paused; for tests. */
  synchronized boolean paused() {
    return paused;
  }
}
