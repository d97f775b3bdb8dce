package dev.channels.spring.consumer;

import dev.channels.ChannelLayerClosedException;
import dev.channels.Message;
import dev.channels.spring.consumer.ConsumerSettings.Action;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;

/**
 * Reads one session's channel ahead of its handlers. Each message received is queued as an event of
 * the session's {@link SerialExecutor}, so handlers still see one event at a time and in order, and
 * the next message is asked for at once, not when the handler has run: a session busy with its
 * client's messages does not leave its channel unread, where a group send would skip it as full. At
 * most {@code channel-backlog} messages wait in the session; beyond that the reader stops asking
 * until its handlers catch up, and the layer's own capacity applies.
 *
 * <p>No thread waits for an idle channel: a receive is a pending future, and messages already in
 * the layer are taken in a loop rather than a callback per message.
 */
final class ChannelReader {

  private static final Logger log = LoggerFactory.getLogger(ChannelReader.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final SessionRuntime session;
  private final SerialExecutor events;
  private final int maxBacklog;
  // Guarded by this.
  private int backlog;
  private boolean receiving;
  private boolean stopped;
  private @Nullable CompletableFuture<Message> pending;

  ChannelReader(SessionRuntime session, SerialExecutor events) {
    this.session = session;
    this.events = events;
    this.maxBacklog = session.endpoints().settings().channelBacklog();
  }

  /** Takes what the channel holds and waits for more, unless the session is stopping. */
  void receiveNext() {
    while (true) {
      CompletableFuture<Message> next = startReceive();
      if (next == null) {
        return;
      }
      if (!next.isDone()) {
        next.whenComplete(this::received);
        return;
      }
      // Taken at once: handled here rather than in a callback, which would recurse.
      if (!accept(next)) {
        return;
      }
    }
  }

  /** Stops waiting for a message; call after the session has started stopping. */
  void stop() {
    CompletableFuture<Message> receive;
    synchronized (this) {
      stopped = true;
      receive = pending;
    }
    if (receive != null) {
      receive.cancel(false);
    }
  }

  private synchronized @Nullable CompletableFuture<Message> startReceive() {
    if (stopped || receiving || backlog >= maxBacklog || session.stopping()) {
      return null;
    }
    receiving = true;
    CompletableFuture<Message> next = session.channelLayer().receive(session.channelName());
    pending = next;
    return next;
  }

  private void received(@Nullable Message message, @Nullable Throwable failure) {
    if (accept(message, failure)) {
      receiveNext();
    }
  }

  private boolean accept(CompletableFuture<Message> done) {
    try {
      return accept(done.join(), null);
    } catch (CompletionException | CancellationException e) {
      return accept(null, e);
    }
  }

  /** Queues a received message for its handler; true if the reader may ask for the next one. */
  private boolean accept(@Nullable Message message, @Nullable Throwable failure) {
    synchronized (this) {
      receiving = false;
      pending = null;
      if (failure == null) {
        backlog++;
      }
    }
    if (failure != null) {
      receiveFailed(failure);
      return false;
    }
    Message received = message;
    events.submit(() -> deliver(received));
    return true;
  }

  /**
   * Runs the handler of {@code message} once the client has room for what it sends: a client
   * reading slower than its room talks waits in the backlog, as messages, rather than being closed
   * for a full send buffer.
   */
  private @Nullable CompletionStage<?> deliver(Message message) {
    Outbound outbound = session.outbound();
    if (outbound.hasRoom()) {
      return handle(message);
    }
    // The wait holds the session's next event; the handler then runs on the pool, not on the
    // container's thread that made room.
    return outbound
        .whenHasRoom()
        .thenComposeAsync(
            ignored -> {
              CompletionStage<?> handled = handle(message);
              return handled == null ? DONE : handled.thenApply(result -> null);
            },
            session.endpoints().executor());
  }

  private @Nullable CompletionStage<?> handle(Message message) {
    synchronized (this) {
      backlog--;
    }
    receiveNext(); // the reader may have stopped at the backlog limit
    HandlerMethod handler = session.consumer().forMessageType(message.type());
    if (handler == null) {
      unhandled(message);
      return null;
    }
    return session.invoke(handler, Event.message(session, message));
  }

  private void receiveFailed(Throwable failure) {
    Throwable cause = SessionRuntime.unwrap(failure);
    if (session.stopping()
        || cause instanceof CancellationException
        || cause instanceof ChannelLayerClosedException) {
      return;
    }
    log.warn(
        "Receive on {} for session {} failed; retrying in 1s",
        session.channelName(),
        session.id(),
        cause);
    session.endpoints().timer().schedule(this::receiveNext, 1, TimeUnit.SECONDS);
  }

  private void unhandled(Message message) {
    ConsumerEndpoints endpoints = session.endpoints();
    endpoints.reportUnhandled(session.consumer(), message.type(), session.id());
    if (endpoints.settings().unhandledType() == Action.CLOSE) {
      session.close(CloseStatus.SERVER_ERROR.withReason("no handler for " + message.type()));
    }
  }

  /** Messages taken from the channel that wait for their handler; for tests. */
  synchronized int backlog() {
    return backlog;
  }
}
