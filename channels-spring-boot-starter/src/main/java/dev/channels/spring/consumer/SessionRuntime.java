package dev.channels.spring.consumer;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import dev.channels.Page;
import dev.channels.Presence;
import dev.channels.spring.ConsumerSession;
import dev.channels.spring.consumer.ConsumerSettings.Action;
import java.net.URI;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One connection served by a consumer: its lifecycle, and the {@link ConsumerSession} its handlers
 * use. Every event (connect, a client message, a channel message, disconnect) runs through the
 * session's {@link SerialExecutor}, so handlers see them one at a time and in order. Nothing here
 * waits: a group join, an asynchronous handler or the discards on disconnect hand their stage to
 * the executor, which holds back the next event until it completes. Client messages queue in {@link
 * InboundMessages}, the channel is read by {@link ChannelReader}, frames to the client go through
 * {@link Outbound}, groups are kept by {@link Memberships} and presence by {@link SessionPresence}.
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
  private final Memberships memberships;
  private final SessionPresence presence;
  private final InboundMessages inbound;
  private final ChannelReader reader;
  private final Liveness liveness;
  private volatile boolean accepted;
  // Set by close() before the close itself, which runs elsewhere: from then on no handler starts.
  private volatile boolean closing;
  // Set when the container reports the connection closed.
  private volatile boolean closed;
  // The status the server closed the session with, when it did.
  private volatile @Nullable CloseStatus closedWith;

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
    this.outbound = endpoints.outboundFor(session, this::closeNow);
    this.messageParts =
        new MessageAssembler(
            endpoints.settings().maxTextMessageSize(),
            endpoints.settings().maxBinaryMessageSize(),
            () -> close(CloseStatus.TOO_BIG_TO_PROCESS));
    this.memberships = new Memberships(layer, channel, session.getId());
    this.presence = new SessionPresence(layer, channel, session.getId());
    this.inbound =
        new InboundMessages(
            this, events, ReadGates.of(session, endpoints.settings().inboundStallTimeout()));
    this.reader = new ChannelReader(this, events);
    this.liveness = new Liveness(endpoints.settings(), System.nanoTime());
  }

  /** Joins the declared groups, runs {@code @OnConnect}, then starts reading the channel. */
  void start() {
    events.submit(() -> SessionLifecycle.joinDeclaredGroups(this));
    events.submit(() -> SessionLifecycle.connect(this));
    events.submit(() -> SessionLifecycle.joinPresence(this));
    events.execute(this::startReceiving);
  }

  /** The client sent something, a frame or a pong: it is there. */
  void heard() {
    liveness.heard(System.nanoTime());
  }

  /**
   * Pings a client silent for the ping interval, and closes one that has not answered within the
   * ping timeout. The ping goes through the outbound queue, written on {@code writer}'s thread,
   * which may wait on the client.
   */
  void checkLiveness(long nowNanos, java.util.concurrent.Executor writer) {
    if (stopping()) {
      return; // being closed already
    }
    switch (liveness.check(nowNanos, inbound.paused())) {
      case PING -> writer.execute(() -> outbound.send(Liveness.ping()));
      case CLOSE -> {
        log.debug("Session {} did not answer a ping; closing it", id());
        closeNow(Liveness.NO_ANSWER);
      }
      case NOTHING -> {}
    }
  }

  // Sizes in characters and bytes, as the message size limits count them.
  void textReceived(String text) {
    inbound.received(HandlerKind.TEXT, Event.text(this, text), text.length());
  }

  void binaryReceived(byte[] bytes) {
    inbound.received(HandlerKind.BINARY, Event.binary(this, bytes), bytes.length);
  }

  /**
   * The container reports the connection closed. {@code @OnDisconnect} hears the status the server
   * closed it with, if it did: a container that had to drop a client that no longer reads reports
   * the drop (1006, or Jetty's idle timeout), not the reason.
   */
  void closed(CloseStatus status) {
    closed = true;
    inbound.stop();
    reader.stop();
    CloseStatus reported = closedWith != null ? closedWith : status;
    events.submit(() -> SessionLifecycle.disconnect(this, reported));
  }

  /** Whether the session is closing or closed: no handler starts any more, but disconnect's. */
  boolean stopping() {
    return closing || closed;
  }

  /**
   * Calls {@code handler} for {@code event} unless the session is stopping, and returns its stage,
   * if any. A failure is logged and, if so configured, closes the session; a client message that is
   * not the JSON the handler takes closes it with 1007.
   */
  @Nullable CompletionStage<?> invoke(HandlerMethod handler, Event event) {
    if (stopping()) {
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

  private void startReceiving() {
    if (isOpen()) {
      accepted = true;
      reader.receiveNext();
    }
  }

  /** {@code stage}, whose failure is reported as the handler's. */
  @Nullable CompletionStage<?> observe(HandlerMethod handler, @Nullable CompletionStage<?> stage) {
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
    endpoints.reportHandlerError(consumer, handler, id(), failure);
    if (endpoints.settings().handlerError() == Action.CLOSE) {
      close(CloseStatus.SERVER_ERROR);
    }
  }

  static Throwable unwrap(Throwable failure) {
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

  InboundMessages inbound() {
    return inbound;
  }

  ChannelReader reader() {
    return reader;
  }

  ConsumerDefinition consumer() {
    return consumer;
  }

  ConsumerEndpoints endpoints() {
    return endpoints;
  }

  Object bean() {
    return bean;
  }

  Memberships memberships() {
    return memberships;
  }

  SessionPresence presence() {
    return presence;
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
    return !stopping() && session.isOpen();
  }

  @Override
  public void close() {
    close(CloseStatus.NORMAL);
  }

  // Handlers stop at once; the close itself follows the frames already sent to the client.
  @Override
  public void close(CloseStatus status) {
    closing = true;
    // A container that holds a paused connection cannot close it: reading resumes first.
    inbound.stop();
    outbound.close(status);
  }

  // The frames before the close are written (or past waiting for): the session goes now.
  private void closeNow(CloseStatus status) {
    closing = true;
    if (closedWith == null) {
      closedWith = status;
    }
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
    return memberships.add(group);
  }

  @Override
  public CompletableFuture<Void> groupDiscard(String group) {
    return memberships.discard(group);
  }

  @Override
  public CompletableFuture<Void> groupSend(String group, Message message) {
    return layer.groupSend(group, message);
  }

  @Override
  public CompletableFuture<Void> groupSendToOthers(String group, Message message) {
    return layer.groupSend(group, message, java.util.Set.of(channel));
  }

  @Override
  public CompletableFuture<Page<Presence>> presence(String group) {
    return layer.presence(group);
  }

  @Override
  public CompletableFuture<Void> send(String target, Message message) {
    return layer.send(target, message);
  }

  private <T> T requireAccepted(T payload) {
    if (!accepted) {
      throw new NotAcceptedException(
          "Session %s is not accepted yet: call accept() in @OnConnect before sending, or send once it returns."
              .formatted(id()));
    }
    return payload;
  }

  /** A frame sent in {@code @OnConnect} before {@code accept()}: the connection is closed. */
  static final class NotAcceptedException extends IllegalStateException {
    NotAcceptedException(String message) {
      super(message);
    }
  }

  @Override
  public String toString() {
    return consumer.type.getSimpleName() + "[" + id() + ", " + channel + "]";
  }
}
