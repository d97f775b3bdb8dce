package dev.channels.spring.consumer;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;

/**
 * A client's messages waiting for their handler. The container hands them over as fast as the
 * client sends them, and they queue behind the session's running handler. A limit keeps a client
 * that floods a slow handler from filling the heap: the message over it closes the session with
 * 1008 (policy violation), logged at WARN, and nothing more is queued.
 */
final class InboundMessages {

  private static final Logger log = LoggerFactory.getLogger(InboundMessages.class);
  private static final String MAX_QUEUED_MESSAGES = "channels.websocket.max-queued-messages";

  // A field updater rather than an AtomicInteger: one object fewer for every idle session.
  private static final AtomicIntegerFieldUpdater<InboundMessages> WAITING =
      AtomicIntegerFieldUpdater.newUpdater(InboundMessages.class, "waiting");

  private final SessionRuntime session;
  private final SerialExecutor events;
  private volatile int waiting;

  InboundMessages(SessionRuntime session, SerialExecutor events) {
    this.session = session;
    this.events = events;
  }

  /** Queues {@code event} for the session's handler of {@code kind}, if it has one. */
  void received(HandlerKind kind, Event event) {
    HandlerMethod handler = session.consumer().lifecycle(kind);
    if (handler == null || session.stopping()) {
      return;
    }
    int limit = session.endpoints().settings().maxQueuedMessages();
    int waiting = WAITING.incrementAndGet(this);
    if (waiting > limit) {
      if (waiting == limit + 1) {
        flooded(limit); // once: the session stops taking messages now
      }
      session.close(CloseStatus.POLICY_VIOLATION.withReason("too many messages queued"));
      return;
    }
    events.submit(
        () -> {
          WAITING.decrementAndGet(this);
          return session.invoke(handler, event);
        });
  }

  // Said at WARN: a limit too low for what clients legitimately send shows up nowhere else.
  private void flooded(int limit) {
    log.warn(
        "Closing session {} of {} with 1008: its client sent more than {} messages ahead of the"
            + " handler, the limit set by {}. Raise it if clients send such bursts legitimately.",
        session.id(),
        session.consumer().type.getSimpleName(),
        limit,
        MAX_QUEUED_MESSAGES);
  }
}
