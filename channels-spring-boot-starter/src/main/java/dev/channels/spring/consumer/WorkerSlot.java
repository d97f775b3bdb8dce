package dev.channels.spring.consumer;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerClosedException;
import dev.channels.Message;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One message of a worker channel at a time: receive, hand to the handler of its type on the
 * workers' pool, and receive again once it is done. A channel worked with concurrency n has n
 * slots; the layer gives each message to one receive, so each is handled once, across slots and
 * instances. Stopping cancels a waiting receive (the layer keeps the message for the next one) and
 * lets a running handler finish.
 */
final class WorkerSlot {

  private static final Logger log = LoggerFactory.getLogger(WorkerSlot.class);

  private final ChannelWorkers workers;
  private final WorkerDefinition worker;
  private final Object bean;
  private final ChannelLayer layer;
  private final String channel;
  // Guarded by this.
  private boolean stopping;
  private boolean handling;
  private @Nullable CompletableFuture<Message> pending;

  WorkerSlot(
      ChannelWorkers workers,
      WorkerDefinition worker,
      Object bean,
      ChannelLayer layer,
      String channel) {
    this.workers = workers;
    this.worker = worker;
    this.bean = bean;
    this.layer = layer;
    this.channel = channel;
  }

  void start() {
    receiveNext();
  }

  /** Takes no more messages; the one being handled, if any, finishes. */
  void stop() {
    CompletableFuture<Message> waiting;
    synchronized (this) {
      stopping = true;
      waiting = handling ? null : pending;
    }
    if (waiting != null) {
      waiting.cancel(false);
    }
    workers.slotMayBeIdle();
  }

  /**
   * Whether the slot has stopped and has nothing to finish: no handler runs, and no receive holds a
   * message not yet handed to one (a receive can complete just before it is cancelled).
   */
  synchronized boolean idle() {
    CompletableFuture<Message> receive = pending;
    boolean holdsMessage =
        receive != null && receive.isDone() && !receive.isCompletedExceptionally();
    return stopping && !handling && !holdsMessage;
  }

  private void receiveNext() {
    CompletableFuture<Message> next;
    synchronized (this) {
      if (stopping) {
        return;
      }
      next = layer.receive(channel);
      pending = next;
    }
    next.whenComplete(this::received);
  }

  private void received(@Nullable Message message, @Nullable Throwable failure) {
    if (failure != null) {
      receiveFailed(failure);
      return;
    }
    synchronized (this) {
      handling = true; // taken: it is handled even if a stop comes meanwhile
      pending = null;
    }
    workers.executor().execute(() -> handle(message));
  }

  private void handle(Message message) {
    CompletionStage<?> running = null;
    HandlerMethod handler = worker.forMessageType(message.type());
    try {
      if (handler == null) {
        workers.unhandled(worker, message.type(), channel);
      } else {
        running = handler.invoke(bean, Event.work(message));
      }
    } catch (Throwable e) {
      workers.failed(worker, handler, channel, e);
    }
    if (running == null) {
      done();
    } else {
      running.whenComplete(
          (result, failure) -> {
            if (failure != null) {
              workers.failed(worker, handler, channel, SessionRuntime.unwrap(failure));
            }
            done();
          });
    }
  }

  private void done() {
    synchronized (this) {
      handling = false;
    }
    workers.slotMayBeIdle();
    receiveNext();
  }

  private void receiveFailed(Throwable failure) {
    Throwable cause = SessionRuntime.unwrap(failure);
    boolean stopped;
    synchronized (this) {
      stopped = stopping;
      pending = null;
    }
    if (stopped
        || cause instanceof CancellationException
        || cause instanceof ChannelLayerClosedException) {
      workers.slotMayBeIdle();
      return;
    }
    log.warn("Receive on worker channel {} failed; retrying in 1s", channel, cause);
    ScheduledExecutorService timer = workers.timer();
    timer.schedule(this::receiveNext, 1, TimeUnit.SECONDS);
  }
}
