package dev.channels.spring.consumer;

import dev.channels.ChannelLayerClosedException;
import dev.channels.Message;
import dev.channels.spring.consumer.ConsumerSettings.Action;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;

/**
 * Reads one session's channel as a chain of futures: each message goes to the handler of its type
 * through the session's {@link SerialExecutor}, and the next one is asked for only when that
 * handler has finished. No thread waits for an idle channel, and the layer's capacity still pushes
 * back on a slow consumer.
 */
final class ChannelReader {

  private static final Logger log = LoggerFactory.getLogger(ChannelReader.class);

  private final SessionRuntime session;
  private final SerialExecutor events;
  private volatile @Nullable CompletableFuture<Message> pending;

  ChannelReader(SessionRuntime session, SerialExecutor events) {
    this.session = session;
    this.events = events;
  }

  /** Asks the layer for the next message, unless the session is closing. */
  void receiveNext() {
    if (session.stopping()) {
      return;
    }
    CompletableFuture<Message> next = session.channelLayer().receive(session.channelName());
    pending = next;
    // stop() may have run between the check above and the assignment; it saw no receive.
    if (session.stopping()) {
      next.cancel(false);
      return;
    }
    next.whenComplete(
        (message, failure) -> {
          if (failure == null) {
            events.submit(() -> deliver(message));
          } else {
            receiveFailed(failure);
          }
        });
  }

  /** Stops waiting for a message; call after the session has started stopping. */
  void stop() {
    CompletableFuture<Message> receive = pending;
    if (receive != null) {
      receive.cancel(false);
    }
  }

  private @Nullable CompletionStage<?> deliver(Message message) {
    HandlerMethod handler = session.consumer().forMessageType(message.type());
    CompletionStage<?> handled = null;
    if (handler == null) {
      unhandled(message);
    } else {
      handled = session.invoke(handler, Event.message(session, message));
    }
    if (handled == null) {
      receiveNext();
      return null;
    }
    return handled.whenComplete((result, failure) -> receiveNext());
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
}
