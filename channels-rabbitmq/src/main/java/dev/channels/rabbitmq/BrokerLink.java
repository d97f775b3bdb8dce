package dev.channels.rabbitmq;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.channels.BackendUnavailableException;
import dev.channels.ChannelLayerException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;

/**
 * The layer's one connection to RabbitMQ, made by a Spring AMQP connection factory of the layer's
 * own, and kept: when it ends (the broker closed it, restarted, or cannot be reached), the link
 * tells the session, which stops publishing at once, and connects again with a growing delay (0.1
 * s, doubling to 5 s), setting everything up anew each time. Spring AMQP leaves the client's own
 * recovery off, and it would not restore what the layer keeps anyway (bindings made as members come
 * and go), so the session restores it from the instance's own state.
 */
final class BrokerLink {

  /** What the link sets up on each connection and tears down when it ends. */
  interface Session {
    /** Sets up on a new connection: channels, declarations, bindings, consumers. */
    void open(Connection connection) throws Exception;

    /** The connection ended with {@code cause}: stop using it until the next {@link #open}. */
    void lost(ChannelLayerException cause);
  }

  private static final Logger log = LoggerFactory.getLogger(BrokerLink.class);
  private static final long FIRST_DELAY_MILLIS = 100;
  private static final long MAX_DELAY_MILLIS = 5_000;

  private final AbstractConnectionFactory factory;
  private final ScheduledExecutorService worker;
  private final Session session;
  private final String address;
  private volatile @Nullable Connection current;
  private volatile @Nullable String lastFailure;
  private volatile boolean closed;
  private long delayMillis;
  private boolean reconnectDue;

  BrokerLink(AbstractConnectionFactory factory, ScheduledExecutorService worker, Session session) {
    this.factory = factory;
    this.worker = worker;
    this.session = session;
    this.address =
        "amqp://%s:%d (virtual host '%s')"
            .formatted(factory.getHost(), factory.getPort(), factory.getVirtualHost());
  }

  /** Connects for the first time, waiting up to {@code wait}; on failure, goes on in background. */
  void start(Duration wait) {
    CompletableFuture<Void> first = CompletableFuture.runAsync(this::connect, worker);
    try {
      first.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The worker keeps trying; operations fail with BackendUnavailableException meanwhile.
    }
  }

  /** Whether the layer is connected and set up right now. */
  boolean isUp() {
    return current != null && !closed;
  }

  /** Why the last attempt to connect failed, while not connected. */
  @Nullable String lastFailure() {
    return isUp() ? null : lastFailure;
  }

  /** The broker's address and virtual host, for messages and health; no credentials. */
  String address() {
    return address;
  }

  /** The exception for an operation that found the broker away. */
  ChannelLayerException unavailable(@Nullable Throwable cause) {
    String reason = cause != null ? describe(cause) : lastFailure;
    return new BackendUnavailableException(
        "RabbitMQ at %s is unreachable%s; the layer reconnects in the background and works again once the broker is back. Check that RabbitMQ runs there and accepts the credentials of spring.rabbitmq.* (or the layer's own)."
            .formatted(address, reason == null ? "" : " (" + reason + ")"),
        cause);
  }

  /**
   * Gives the connection up because something the layer relies on broke on it (a channel the broker
   * closed), and connects anew, setting everything up again.
   */
  void restart(String reason) {
    Connection ended = current;
    if (ended == null || closed) {
      return;
    }
    lost(ended, reason, null);
    factory.resetConnection();
  }

  /** Stops reconnecting and restarting; the connection stays open until {@link #close()}. */
  void closing() {
    closed = true;
  }

  /** Stops reconnecting and closes the connection. */
  void close() {
    closed = true;
    current = null;
    factory.destroy();
  }

  // On the worker.
  private void connect() {
    reconnectDue = false;
    if (closed) {
      return;
    }
    Connection connection = null;
    try {
      connection = factory.createConnection().getDelegate();
      Connection opened = connection;
      opened.addShutdownListener(signal -> ended(opened, signal));
      session.open(opened);
      if (!opened.isOpen()) {
        throw new java.io.IOException("the connection closed while the layer set it up");
      }
      current = opened;
      if (delayMillis > 0) {
        log.info("Connected to RabbitMQ at {} again", address);
      }
      delayMillis = 0;
    } catch (Exception e) {
      lastFailure = describe(e);
      if (delayMillis == 0) {
        log.warn(
            "Cannot connect to RabbitMQ at {} ({}); retrying in the background",
            address,
            lastFailure);
      }
      session.lost(unavailable(e));
      factory.resetConnection();
      scheduleReconnect();
    }
  }

  // On the connection's I/O thread, or whoever closed it.
  private void ended(Connection connection, ShutdownSignalException signal) {
    if (closed || current != connection) {
      return;
    }
    lost(connection, describe(signal), signal);
  }

  private synchronized void lost(Connection connection, String reason, @Nullable Throwable cause) {
    if (current != connection) {
      return;
    }
    current = null;
    lastFailure = reason;
    log.warn("Lost the connection to RabbitMQ at {} ({}); reconnecting", address, reason);
    session.lost(unavailable(cause));
    try {
      worker.execute(this::scheduleReconnect);
    } catch (RejectedExecutionException closing) {
      // The layer is closing.
    }
  }

  // On the worker.
  private void scheduleReconnect() {
    if (closed || reconnectDue) {
      return;
    }
    reconnectDue = true;
    delayMillis = Math.min(MAX_DELAY_MILLIS, Math.max(FIRST_DELAY_MILLIS, delayMillis * 2));
    try {
      worker.schedule(this::connect, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // The layer is closing.
    }
  }

  /**
   * What went wrong, as the broker or the socket said it: the broker's own words where it closed
   * something (a refused login, an unknown virtual host), else the innermost message.
   */
  static String describe(Throwable failure) {
    Throwable innermost = failure;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ShutdownSignalException signal && signal.getReason() != null) {
        return signal.getMessage();
      }
      if (cause.getMessage() != null) {
        innermost = cause;
      }
    }
    String message = innermost.getMessage();
    return message != null ? message : innermost.getClass().getSimpleName();
  }
}
