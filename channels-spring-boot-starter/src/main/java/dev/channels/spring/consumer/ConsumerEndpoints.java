package dev.channels.spring.consumer;

import dev.channels.ChannelLayer;
import dev.channels.spring.ChannelConsumer;
import dev.channels.spring.ChannelLayers;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistration;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.HandshakeHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves every {@code @ChannelConsumer} bean on its paths, and owns what their sessions share: the
 * handler pool, the closer, a timer, the watchdog that closes clients too slow to read, and the set
 * of live sessions. Internal: created by the auto-configuration.
 */
public final class ConsumerEndpoints
    implements WebSocketConfigurer, SmartLifecycle, DisposableBean {

  /**
   * Stops before the web server's graceful shutdown ({@code SmartLifecycle.DEFAULT_PHASE - 1024})
   * and the web server itself: clients are told 1001 while the server can still send it, rather
   * than losing the connection (1006) when Tomcat stops.
   */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

  private static final Logger log = LoggerFactory.getLogger(ConsumerEndpoints.class);

  private final ConfigurableListableBeanFactory beans;
  private final ChannelLayers layers;
  private final Executor executor;
  private final JsonBinder json;
  private final ConsumerSettings settings;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(ConsumerEndpoints::timerThread);
  private final SessionCloser closer;
  private final Set<SessionRuntime> live = ConcurrentHashMap.newKeySet();
  private final UnhandledTypes unhandledTypes = new UnhandledTypes();
  private final HandlerErrors handlerErrors = new HandlerErrors();
  private volatile boolean accepting = true;
  private @Nullable Runnable whenDrained;

  /** Creates the endpoints; {@code executor} runs every consumer handler. */
  public ConsumerEndpoints(
      ConfigurableListableBeanFactory beans,
      ChannelLayers layers,
      Executor executor,
      JsonMapper jsonMapper,
      ConsumerSettings settings) {
    this.beans = beans;
    this.layers = layers;
    this.executor = executor;
    this.json = new JsonBinder(jsonMapper);
    this.settings = settings;
    this.closer = new SessionCloser(executor, settings.sendTimeLimit());
    long period = Math.max(50, watchPeriodMillis(settings));
    timer.scheduleWithFixedDelay(this::closeStalledClients, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    for (String beanName : beans.getBeanNamesForAnnotation(ChannelConsumer.class)) {
      Class<?> type = ClassUtils.getUserClass(beans.getType(beanName));
      ConsumerDefinition consumer = ConsumerDefinition.of(beanName, type, json);
      ConsumerWebSocketHandler handler =
          new ConsumerWebSocketHandler(consumer, instances(beanName), layerOf(consumer), this);
      WebSocketHandlerRegistration registration =
          registry
              .addHandler(handler, consumer.paths.toArray(String[]::new))
              .addInterceptors(new PathVariables());
      HandshakeHandler handshake = JettyHandshake.forContainer(settings);
      if (handshake != null) {
        registration.setHandshakeHandler(handshake);
      }
      if (!settings.allowedOrigins().isEmpty()) {
        registration.setAllowedOrigins(settings.allowedOrigins().toArray(String[]::new));
      }
      if (!settings.allowedOriginPatterns().isEmpty()) {
        registration.setAllowedOriginPatterns(
            settings.allowedOriginPatterns().toArray(String[]::new));
      }
      log.debug(
          "{} serves {} with handlers for {}",
          type.getSimpleName(),
          consumer.paths,
          consumer.messageTypes());
    }
  }

  private ChannelLayer layerOf(ConsumerDefinition consumer) {
    if (!layers.aliases().contains(consumer.layerAlias)) {
      throw new ConsumerDefinitionException(
          "@ChannelConsumer %s (bean '%s') uses the channel layer '%s', but no layer is configured under that alias; the aliases are %s."
              .formatted(
                  consumer.type.getName(),
                  consumer.beanName,
                  consumer.layerAlias,
                  layers.aliases()),
          "Set @ChannelConsumer(layer = ...) on %s to one of %s, or configure the layer under channels.layers.%s."
              .formatted(consumer.type.getSimpleName(), layers.aliases(), consumer.layerAlias));
    }
    ChannelLayer layer = layers.get(consumer.layerAlias);
    // One application runs on several backends (the sample does), so a consumer's presence is a
    // feature of the backend: where it has none, the consumer runs without it and says so once.
    if (consumer.declaresPresence()
        && !layer.extensions().contains(dev.channels.Extension.PRESENCE)) {
      log.warn(
          "@ChannelConsumer {} declares presence, but the channel layer '{}' ({}) does not provide"
              + " it: its sessions join no presence and receive no presence events. Use a backend"
              + " with presence (in-memory or redis) for channels.layers.{} to have it.",
          consumer.type.getName(),
          consumer.layerAlias,
          layer,
          consumer.layerAlias);
      consumer.withoutPresence();
    }
    return layer;
  }

  /** The sessions open right now. */
  public Collection<?> liveSessions() {
    return Collections.unmodifiableSet(live);
  }

  @Override
  public void start() {
    accepting = true;
  }

  @Override
  public boolean isRunning() {
    return accepting;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  @Override
  public void stop() {
    throw new UnsupportedOperationException("Stop with a callback");
  }

  /**
   * Refuses new sessions, closes the open ones with 1001 (going away), and calls back once every
   * one of them has ended: its running handler finished, its disconnect handler ran and its group
   * memberships were discarded. Spring waits for that up to {@code
   * spring.lifecycle.timeout-per-shutdown-phase}.
   */
  @Override
  public void stop(Runnable callback) {
    synchronized (this) {
      accepting = false;
      whenDrained = callback;
    }
    // Each close follows the frames its session already queued, within the send time limit.
    for (SessionRuntime runtime : live) {
      runtime.close(CloseStatus.GOING_AWAY);
    }
    callBackIfDrained();
  }

  boolean accepting() {
    return accepting;
  }

  /**
   * Closes every session still open with 1001 (going away), then stops the handler pool, which lets
   * running handlers and the sessions' disconnect handling finish first.
   */
  @Override
  public void destroy() throws Exception {
    for (SessionRuntime runtime : live) {
      closer.closeNow(runtime.webSocketSession(), CloseStatus.GOING_AWAY);
    }
    if (executor instanceof DisposableBean pool) {
      pool.destroy();
    }
    closer.shutdown();
    timer.shutdownNow();
  }

  // A prototype-scoped consumer gets an instance per connection; a singleton is fetched once.
  private Supplier<Object> instances(String beanName) {
    if (beans.isPrototype(beanName)) {
      return () -> beans.getBean(beanName);
    }
    Object singleton = beans.getBean(beanName);
    return () -> singleton;
  }

  /** The pool every consumer handler runs on. */
  public Executor executor() {
    return executor;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  JsonBinder json() {
    return json;
  }

  ConsumerSettings settings() {
    return settings;
  }

  Outbound outboundFor(WebSocketSession session, Consumer<CloseStatus> closer) {
    return new Outbound(session, settings.sendTimeLimit(), settings.sendBufferSizeLimit(), closer);
  }

  void started(SessionRuntime runtime) {
    live.add(runtime);
    if (!accepting) {
      // Connected while stop() was closing the others: it would have been refused a moment later.
      runtime.close(CloseStatus.GOING_AWAY);
    }
  }

  void ended(SessionRuntime runtime) {
    live.remove(runtime);
    callBackIfDrained();
  }

  private void callBackIfDrained() {
    Runnable callback;
    synchronized (this) {
      if (accepting || !live.isEmpty() || whenDrained == null) {
        return;
      }
      callback = whenDrained;
      whenDrained = null;
    }
    callback.run();
  }

  /** Closes {@code session} soon, never on the handler pool: a close may wait on its client. */
  void close(WebSocketSession session, CloseStatus status) {
    closer.close(session, status);
  }

  void reportUnhandled(ConsumerDefinition consumer, String type, String sessionId) {
    unhandledTypes.report(consumer, type, sessionId);
  }

  void reportHandlerError(
      ConsumerDefinition consumer, HandlerMethod handler, String sessionId, Throwable failure) {
    handlerErrors.report(consumer.type, handler, "session " + sessionId, failure);
  }

  /**
   * Tells {@code watcher} of each kind of handler failure (a consumer's handler and the exception
   * type it threw): those seen so far at once, later ones as they first happen, each with a reading
   * of how often it has happened. The meters of handler errors are made this way.
   */
  public void watchHandlerErrors(HandlerErrorWatcher watcher) {
    handlerErrors.watch(watcher);
  }

  /** Learns of the kinds of handler failure, with a running count of each. */
  @FunctionalInterface
  public interface HandlerErrorWatcher {
    /**
     * A kind of failure was seen: {@code handler} of {@code consumer} threw {@code exception};
     * {@code count} reads how many times it has so far, and lives as long as the endpoints.
     */
    void newKind(String consumer, String handler, String exception, Number count);
  }

  // A quarter of the shortest time limit the watchdog enforces, so none is overrun by much.
  private static long watchPeriodMillis(ConsumerSettings settings) {
    long period = settings.sendTimeLimit().toMillis();
    period = Math.min(period, settings.pingTimeout().toMillis());
    if (!settings.pingInterval().isZero()) {
      period = Math.min(period, settings.pingInterval().toMillis());
    }
    return period / 4;
  }

  private void closeStalledClients() {
    long now = System.nanoTime();
    for (SessionRuntime runtime : live) {
      runtime.outbound().checkStalled(now);
      runtime.inbound().checkStalled(now);
      runtime.checkLiveness(now, closer.executor());
    }
  }

  private static Thread timerThread(Runnable task) {
    Thread thread = new Thread(task, "channels-consumer-timer");
    thread.setDaemon(true);
    return thread;
  }
}
