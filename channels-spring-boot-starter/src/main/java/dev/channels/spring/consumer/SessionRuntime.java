package dev.channels.spring.consumer;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerClosedException;
import dev.channels.InvalidNameException;
import dev.channels.Message;
import dev.channels.spring.ConsumerSession;
import dev.channels.spring.consumer.ConsumerSettings.Action;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One connection served by a consumer. Every event (connect, a frame, a channel message,
 * disconnect) runs through the session's {@link SerialExecutor}, so handlers see them one at a time
 * and in order. The channel is read by a chain of futures: the next receive is asked for only when
 * the previous message's handler has finished, so no thread waits and the layer's capacity still
 * pushes back on a slow consumer.
 */
final class SessionRuntime implements ConsumerSession {

  private static final Logger log = LoggerFactory.getLogger(SessionRuntime.class);

  private final ConsumerDefinition consumer;
  private final Object bean;
  private final WebSocketSession session;
  private final ChannelLayer layer;
  private final ConsumerEndpoints endpoints;
  private final String channel;
  private final Map<String, String> pathVariables;
  private final SerialExecutor events;
  private final Outbound outbound;
  private final MessageAssembler messageParts;
  private final Set<String> groups = ConcurrentHashMap.newKeySet();
  private volatile boolean accepted;
  private volatile boolean closed;
  private volatile @Nullable CompletableFuture<Message> pendingReceive;

  SessionRuntime(
      ConsumerDefinition consumer,
      Object bean,
      WebSocketSession session,
      ChannelLayer layer,
      ConsumerEndpoints endpoints) {
    this.consumer = consumer;
    this.bean = bean;
    this.session = session;
    this.layer = layer;
    this.endpoints = endpoints;
    this.channel = layer.newChannel();
    this.pathVariables = PathVariables.of(session);
    this.events = new SerialExecutor(endpoints.executor());
    this.outbound = endpoints.outboundFor(session, this::close);
    this.messageParts =
        new MessageAssembler(
            endpoints.settings().maxTextMessageSize(),
            endpoints.settings().maxBinaryMessageSize(),
            () -> close(CloseStatus.TOO_BIG_TO_PROCESS));
  }

  void start() {
    events.execute(this::connect);
  }

  void textReceived(String text) {
    events.submit(() -> handleFrame(HandlerKind.TEXT, Event.text(this, text)));
  }

  void binaryReceived(byte[] bytes) {
    events.submit(() -> handleFrame(HandlerKind.BINARY, Event.binary(this, bytes)));
  }

  void closed(CloseStatus status) {
    closed = true;
    CompletableFuture<Message> receive = pendingReceive;
    if (receive != null) {
      receive.cancel(false);
    }
    events.execute(() -> disconnect(status));
  }

  private void connect() {
    try {
      for (String group : consumer.groupsFor(pathVariables)) {
        await(groupAdd(group));
      }
      HandlerMethod onConnect = consumer.lifecycle(HandlerKind.CONNECT);
      if (onConnect != null) {
        await(onConnect.invoke(bean, Event.connect(this)));
      }
    } catch (InvalidNameException e) {
      log.warn("{} refused session {}: {}", consumer.type.getSimpleName(), id(), e.getMessage());
      close(CloseStatus.POLICY_VIOLATION.withReason("invalid group name"));
      return;
    } catch (Throwable e) {
      log.error("{} failed to connect session {}", consumer.type.getSimpleName(), id(), e);
      close(CloseStatus.SERVER_ERROR);
      return;
    }
    if (!closed && session.isOpen()) {
      accepted = true;
      receiveNext();
    }
  }

  private @Nullable CompletionStage<?> handleFrame(HandlerKind kind, Event event) {
    HandlerMethod handler = consumer.lifecycle(kind);
    if (handler == null || closed) {
      return null;
    }
    try {
      return observe(handler, handler.invoke(bean, event));
    } catch (JsonBinder.InvalidFrameException e) {
      log.debug(
          "Session {} sent a frame {} cannot read: {}", id(), handler.describe(), e.getMessage());
      close(CloseStatus.BAD_DATA.withReason("invalid JSON"));
    } catch (Throwable e) {
      handlerFailed(handler, e);
    }
    return null;
  }

  private void receiveNext() {
    if (closed) {
      return;
    }
    CompletableFuture<Message> next = layer.receive(channel);
    pendingReceive = next;
    if (closed) {
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

  private @Nullable CompletionStage<?> deliver(Message message) {
    HandlerMethod handler = consumer.forMessageType(message.type());
    CompletionStage<?> handled = null;
    if (handler == null) {
      unhandled(message);
    } else if (!closed) {
      try {
        handled = observe(handler, handler.invoke(bean, Event.message(this, message)));
      } catch (Throwable e) {
        handlerFailed(handler, e);
      }
    }
    if (handled == null) {
      receiveNext();
      return null;
    }
    return handled.whenComplete((result, failure) -> receiveNext());
  }

  private void receiveFailed(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (closed
        || cause instanceof CancellationException
        || cause instanceof ChannelLayerClosedException) {
      return;
    }
    log.warn("Receive on {} for session {} failed; retrying in 1s", channel, id(), cause);
    endpoints.timer().schedule(this::receiveNext, 1, TimeUnit.SECONDS);
  }

  private void unhandled(Message message) {
    endpoints.reportUnhandled(consumer, message.type(), id());
    if (endpoints.settings().unhandledType() == Action.CLOSE) {
      close(CloseStatus.SERVER_ERROR.withReason("no handler for " + message.type()));
    }
  }

  private @Nullable CompletionStage<?> observe(
      HandlerMethod handler, @Nullable CompletionStage<?> stage) {
    return stage == null
        ? null
        : stage.whenComplete(
            (result, failure) -> {
              if (failure != null) {
                handlerFailed(handler, unwrap(failure));
              }
            });
  }

  private void handlerFailed(HandlerMethod handler, Throwable failure) {
    log.error("{} failed in session {}", handler.describe(), id(), failure);
    if (endpoints.settings().handlerError() == Action.CLOSE) {
      close(CloseStatus.SERVER_ERROR);
    }
  }

  private void disconnect(CloseStatus status) {
    HandlerMethod onDisconnect = consumer.lifecycle(HandlerKind.DISCONNECT);
    try {
      if (onDisconnect != null) {
        await(onDisconnect.invoke(bean, Event.disconnect(this, status)));
      }
    } catch (Throwable e) {
      log.error("{} failed for session {}", onDisconnect.describe(), id(), e);
    }
    // Waiting here (on the consumer pool, never an I/O thread) means that when the application
    // shuts down and the pool drains, every membership is gone before the layer closes.
    List<CompletableFuture<Void>> discards = new ArrayList<>();
    for (String group : groups) {
      discards.add(
          layer
              .groupDiscard(group, channel)
              .exceptionally(
                  e -> {
                    log.warn("Could not remove session {} from group {}", id(), group, e);
                    return null;
                  }));
    }
    try {
      CompletableFuture.allOf(discards.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("Removing session {} from its groups took longer than 5 s", id());
    }
    groups.clear();
    endpoints.ended(this);
  }

  // Connect and disconnect run on the consumer pool, never on an I/O thread; waiting there for
  // a group join keeps the order of events simple: no frame is handled before connect is done.
  private static void await(@Nullable CompletionStage<?> stage) throws Throwable {
    if (stage != null) {
      try {
        stage.toCompletableFuture().join();
      } catch (CompletionException e) {
        throw unwrap(e);
      }
    }
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  WebSocketSession webSocketSession() {
    return session;
  }

  MessageAssembler messageParts() {
    return messageParts;
  }

  Outbound outbound() {
    return outbound;
  }

  ConsumerDefinition consumer() {
    return consumer;
  }

  @Override
  public String id() {
    return session.getId();
  }

  @Override
  public String channelName() {
    return channel;
  }

  @Override
  public ChannelLayer channelLayer() {
    return layer;
  }

  @Override
  public Map<String, String> pathVariables() {
    return pathVariables;
  }

  @Override
  public String pathVariable(String name) {
    String value = pathVariables.get(name);
    if (value == null) {
      throw new IllegalArgumentException(
          "The path of session %s has no variable '%s'; it has %s."
              .formatted(id(), name, pathVariables.keySet()));
    }
    return value;
  }

  @Override
  public @Nullable URI uri() {
    return session.getUri();
  }

  @Override
  public @Nullable Principal principal() {
    return session.getPrincipal();
  }

  @Override
  public Map<String, Object> attributes() {
    return session.getAttributes();
  }

  @Override
  public void accept() {
    accepted = true;
  }

  @Override
  public boolean isOpen() {
    return !closed && session.isOpen();
  }

  @Override
  public void close() {
    close(CloseStatus.NORMAL);
  }

  @Override
  public void close(CloseStatus status) {
    endpoints.close(session, status);
  }

  @Override
  public void sendText(String text) {
    outbound.send(new TextMessage(requireAccepted(text)));
  }

  @Override
  public void sendJson(Object value) {
    sendText(endpoints.json().toJson(value));
  }

  @Override
  public void sendBinary(byte[] bytes) {
    outbound.send(new BinaryMessage(requireAccepted(bytes).clone()));
  }

  @Override
  public CompletableFuture<Void> groupAdd(String group) {
    groups.add(group);
    return layer.groupAdd(group, channel);
  }

  @Override
  public CompletableFuture<Void> groupDiscard(String group) {
    groups.remove(group);
    return layer.groupDiscard(group, channel);
  }

  @Override
  public CompletableFuture<Void> groupSend(String group, Message message) {
    return layer.groupSend(group, message);
  }

  @Override
  public CompletableFuture<Void> send(String target, Message message) {
    return layer.send(target, message);
  }

  private <T> T requireAccepted(T payload) {
    if (!accepted) {
      throw new IllegalStateException(
          "Session %s is not accepted yet: call accept() in @OnConnect before sending, or send once it returns."
              .formatted(id()));
    }
    return payload;
  }

  @Override
  public String toString() {
    return consumer.type.getSimpleName() + "[" + id() + ", " + channel + "]";
  }
}
