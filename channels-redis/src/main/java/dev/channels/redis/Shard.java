package dev.channels.redis;

import dev.channels.BackendTimeoutException;
import dev.channels.BackendUnavailableException;
import dev.channels.ChannelLayerClosedException;
import dev.channels.ChannelLayerException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.PartitionSelectorException;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import reactor.core.Disposable;

/**
 * One Redis host of the layer, or one whole Redis Cluster: a shared connection that pipelines every
 * command (Lettuce writes each at once, without waiting for earlier replies), and dedicated
 * connections for blocking pops. Driver failures are translated here, so nothing from Lettuce
 * reaches the layer's callers.
 */
final class Shard implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Shard.class);
  private static final long CONNECT_WAIT_SECONDS = 3;
  private static final Backoff CONNECT_RETRIES = new Backoff(100, 2000);

  private final String address;
  private final LettuceConnectionFactory factory;
  private final AbstractRedisClient client;
  private final boolean cluster;
  private @Nullable Disposable topologyChanges;
  private volatile @Nullable CompletableFuture<Void> refreshing;
  // A cluster connection talks to each node through a connection of its own, which is what the
  // listener hears of: those that dropped, and so reconnect rather than connect for the first time.
  // Weak: the short-lived connections of topology refreshes close and are never heard of again.
  private final Set<RedisChannelHandler<?, ?>> droppedNodes =
      java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());
  private final Duration commandTimeout;
  private final Runnable onReconnect;
  private final ScheduledExecutorService timer;
  private final Set<StatefulConnection<byte[], byte[]>> dedicated = ConcurrentHashMap.newKeySet();
  private final List<Runnable> reconnectWatchers = new CopyOnWriteArrayList<>();
  // Opens dedicated connections; its threads live only while there are connects to make.
  private final ThreadPoolExecutor connector =
      new ThreadPoolExecutor(
          2,
          2,
          10,
          TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(),
          task -> {
            Thread thread = new Thread(task, "channels-redis-connect");
            thread.setDaemon(true);
            return thread;
          });
  private volatile @Nullable StatefulConnection<byte[], byte[]> connection;
  private final RoundTrips roundTrips;
  private final ConnectionFailure failure;
  private volatile boolean lost;
  private volatile boolean closed;
  private volatile boolean batchPops = true;
  private long retryMillis;

  /**
   * Connects to the host of {@code factory}, which this shard owns from now on. If Redis cannot be
   * reached yet, the shard keeps trying in the background and its calls fail fast meanwhile, so an
   * application can start before its Redis. {@code onReconnect} runs whenever the shared connection
   * is back after having been down, or up for the first time after a late start.
   */
  Shard(
      LettuceConnectionFactory factory,
      Duration commandTimeout,
      Runnable onReconnect,
      ScheduledExecutorService timer,
      RoundTrips roundTrips) {
    this.factory = factory;
    this.roundTrips = roundTrips;
    this.commandTimeout = commandTimeout;
    this.onReconnect = onReconnect;
    this.timer = timer;
    connector.allowCoreThreadTimeOut(true);
    factory.afterPropertiesSet();
    if (!Links.usable(factory.getRequiredNativeClient())) {
      factory.destroy();
      throw new ChannelLayerException(
          "The Redis channel layer needs a standalone, socket, Sentinel or Redis Cluster"
              + " connection; static master/replica setups are not supported.");
    }
    this.client = factory.getRequiredNativeClient();
    this.cluster = client instanceof RedisClusterClient;
    this.address = describe(factory);
    this.failure = new ConnectionFailure(factory, client.getResources().eventBus());
    client.addListener(new ReconnectListener());
    if (cluster) {
      watchTopology();
    }
    // A handshake cut short is tried again at once: it connects, or says why it cannot.
    if (!tryConnect() && !(failure.cutShort() && tryConnect())) {
      log.warn(
          "Redis at {} is not reachable yet ({}); the channel layer keeps trying, and its"
              + " operations fail until it is.",
          address,
          failure.last());
      retryLater();
    }
  }

  /** Whether this shard is a Redis Cluster, reached through Lettuce's cluster client. */
  boolean isCluster() {
    return cluster;
  }

  // A failover or a slot moved: a promoted replica may lack the last writes its master took (Redis
  // replicates asynchronously), so memberships are restored, and receive loops blocked on a node
  // that no longer owns their queue start over.
  private void watchTopology() {
    topologyChanges =
        client
            .getResources()
            .eventBus()
            .get()
            .filter(event -> event instanceof ClusterTopologyChangedEvent)
            .subscribe(
                event -> {
                  if (!closed && connection != null) {
                    log.info("Redis Cluster {} changed its topology", address);
                    onReconnect.run();
                    notifyReconnected();
                  }
                });
  }

  /** The port of the master that owns {@code slot} in this client's view of the cluster; tests. */
  int clusterOwnerPort(int slot) {
    return ((RedisClusterClient) client).getPartitions().getMasterBySlot(slot).getUri().getPort();
  }

  /** Why connecting to this host last failed, without secrets; null if it never did. */
  @Nullable String lastFailure() {
    return failure.last();
  }

  /** Whether this Redis takes BZMPOP (Redis 7 and later); assumed until it refuses one. */
  boolean takesBatchPops() {
    return batchPops;
  }

  void refuseBatchPops() {
    if (batchPops) {
      batchPops = false;
      log.debug("Redis at {} has no BZMPOP (Redis 7 has); receiving with BZPOPMIN", address);
    }
  }

  /**
   * Whether Redis refused a command it does not have, or one the ACL user may not run: a Redis 7
   * user set up as for Redis 6 may run BZPOPMIN and ZPOPMIN, and not BZMPOP.
   */
  static boolean isUnknownOrForbidden(Throwable failure) {
    return unwrap(failure) instanceof RedisCommandExecutionException refused
        && refused.getMessage() != null
        && (refused.getMessage().startsWith("ERR unknown command")
            || refused.getMessage().startsWith("NOPERM"));
  }

  /** Whether Redis itself answered a command with an error, rather than not answering. */
  static boolean isRefusal(Throwable failure) {
    return unwrap(failure) instanceof RedisCommandExecutionException;
  }

  String address() {
    return address;
  }

  boolean isConnected() {
    StatefulConnection<byte[], byte[]> open = connection;
    return open != null && open.isOpen();
  }

  /** Runs {@code script} by its SHA-1, or by its source if Redis no longer has it cached. */
  <T> CompletableFuture<T> run(
      Script script, ScriptOutputType type, byte[][] keys, byte[]... args) {
    return this.<T>issue(
            () -> commands().<T>evalsha(script.sha, type, keys, args).toCompletableFuture())
        .exceptionallyCompose(
            failure ->
                unwrap(failure) instanceof RedisNoScriptException
                    ? issue(
                        () ->
                            commands()
                                .<T>eval(script.source, type, keys, args)
                                .toCompletableFuture())
                    : CompletableFuture.failedFuture(failure))
        .exceptionallyCompose(failure -> CompletableFuture.failedFuture(translate(failure)));
  }

  /** Runs a command on the shared connection, failing at once while Redis is away. */
  <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> command) {
    return issue(command)
        .exceptionallyCompose(failure -> CompletableFuture.failedFuture(translate(failure)));
  }

  private <T> CompletableFuture<T> issue(Supplier<CompletableFuture<T>> command) {
    CompletableFuture<T> sent = send(command);
    if (!cluster) {
      return sent;
    }
    return sent.exceptionallyCompose(
        failure ->
            unwrap(failure) instanceof PartitionSelectorException
                ? refreshTopology().thenCompose(refreshed -> send(command))
                : CompletableFuture.failedFuture(failure));
  }

  private <T> CompletableFuture<T> send(Supplier<CompletableFuture<T>> command) {
    if (!isConnected()) {
      return CompletableFuture.failedFuture(unavailable(null));
    }
    long started = System.nanoTime();
    try {
      return command.get().whenComplete((result, failure) -> roundTrips.record(started));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  // The client's view of the cluster names no node for a key's slot: it read the slots while they
  // were being assigned (a cluster made again, a node added). Read them again, once for all the
  // commands that met the gap at the same time, and send the command once more.
  private CompletableFuture<Void> refreshTopology() {
    CompletableFuture<Void> current = refreshing;
    if (current == null || current.isDone()) {
      synchronized (this) {
        current = refreshing;
        if (current == null || current.isDone()) {
          current = ((RedisClusterClient) client).refreshPartitionsAsync().toCompletableFuture();
          refreshing = current;
        }
      }
    }
    return current;
  }

  /** The shared connection's commands; use inside {@link #call}, which checks it is up. */
  RedisClusterAsyncCommands<byte[], byte[]> commands() {
    StatefulConnection<byte[], byte[]> open = connection;
    if (open == null) {
      throw unavailable(null);
    }
    return Links.async(open);
  }

  /**
   * A new connection of its own, for a blocking pop; its commands may take up to {@code timeout}.
   * Lettuce connects by blocking, so this connects on a thread of the shard's, never the caller's.
   */
  CompletableFuture<StatefulConnection<byte[], byte[]>> openDedicated(Duration timeout) {
    try {
      return CompletableFuture.supplyAsync(
          () -> {
            StatefulConnection<byte[], byte[]> opened = Links.connect(client);
            opened.setTimeout(timeout);
            dedicated.add(opened);
            if (closed) {
              closeDedicated(opened);
              throw new ChannelLayerClosedException("Redis at " + address);
            }
            return opened;
          },
          connector);
    } catch (RejectedExecutionException closing) {
      return CompletableFuture.failedFuture(new ChannelLayerClosedException("Redis at " + address));
    }
  }

  /**
   * Runs {@code watcher} on the layer's timer whenever a connection to this host is made again: the
   * shared one or a dedicated one. Receive loops use it to retry at once, not at the end of their
   * backoff.
   */
  void watchReconnects(Runnable watcher) {
    reconnectWatchers.add(watcher);
  }

  void unwatchReconnects(Runnable watcher) {
    reconnectWatchers.remove(watcher);
  }

  // Runs on a Lettuce I/O thread: hand the watchers to the timer, which a closing layer may
  // already have shut down.
  private void notifyReconnected() {
    try {
      if (!closed) {
        reconnectWatchers.forEach(timer::execute);
      }
    } catch (RejectedExecutionException e) {
      log.debug("Not restarting receive loops of a closing layer", e);
    }
  }

  void closeDedicated(StatefulConnection<byte[], byte[]> opened) {
    dedicated.remove(opened);
    opened.closeAsync();
  }

  /** The layer's own exception for a driver failure, with the host named and the cause kept. */
  ChannelLayerException translate(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof ChannelLayerException layerException) {
      return layerException;
    }
    if (cause instanceof RedisCommandExecutionException refused && isClusterInTransition(refused)) {
      return unavailable(refused);
    }
    if (cause instanceof RedisCommandExecutionException refused) {
      return new ChannelLayerException(
          "Redis at %s refused a command: %s".formatted(address, refused.getMessage()), refused);
    }
    if (cause instanceof RedisCommandTimeoutException && isConnected()) {
      return timedOut(cause);
    }
    return unavailable(cause);
  }

  // Connected, yet silent: Redis is busy or paused, which calls for other checks than an outage.
  private BackendTimeoutException timedOut(Throwable cause) {
    return new BackendTimeoutException(
        ("Redis at %s answered nothing within the command timeout (%s), though the connection is"
                + " up: it is busy or paused (a slow command or script, a fork for a save, swapping,"
                + " a stopped process). Check its SLOWLOG and LATENCY DOCTOR; if such pauses are"
                + " expected, raise channels.layers.<alias>.command-timeout.")
            .formatted(address, commandTimeout.toString().substring(2).toLowerCase(Locale.ROOT)),
        cause);
  }

  private BackendUnavailableException unavailable(@Nullable Throwable cause) {
    String reason = cause != null ? cause.getMessage() : failure.last();
    return new BackendUnavailableException(
        ("Redis at %s is unavailable%s. Check that it runs and is reachable; the layer reconnects"
                + " by itself and works again once it is back.")
            .formatted(address, reason == null ? "" : " (" + reason + ")"),
        cause);
  }

  // A cluster failing over (CLUSTERDOWN), a slot in the middle of a move (TRYAGAIN), or more
  // redirects than allowed: a Redis that is there but not ready, which the caller may retry.
  private static boolean isClusterInTransition(RedisCommandExecutionException refused) {
    String message = String.valueOf(refused.getMessage());
    return message.startsWith("CLUSTERDOWN")
        || message.startsWith("TRYAGAIN")
        || message.startsWith("MOVED")
        || message.startsWith("ASK");
  }

  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  @Override
  public void close() {
    closed = true;
    // A connect in progress finishes (and its connection is closed) before the client shuts down,
    // which would leave it to fail noisily; it cannot take longer than the connect timeout.
    connector.shutdown();
    try {
      if (!connector.awaitTermination(CONNECT_WAIT_SECONDS, TimeUnit.SECONDS)) {
        connector.shutdownNow();
      }
    } catch (InterruptedException e) {
      connector.shutdownNow();
      Thread.currentThread().interrupt();
    }
    failure.close();
    if (topologyChanges != null) {
      topologyChanges.dispose();
    }
    dedicated.forEach(StatefulConnection::closeAsync);
    StatefulConnection<byte[], byte[]> open = connection;
    if (open != null) {
      open.close();
    }
    factory.destroy();
  }

  private boolean tryConnect() {
    try {
      StatefulConnection<byte[], byte[]> opened = Links.connect(client);
      opened.setTimeout(commandTimeout);
      connection = opened;
      return true;
    } catch (RuntimeException e) {
      failure.record(e);
      log.debug("Connecting to Redis at {} failed: {}", address, failure.last());
      return false;
    }
  }

  // Lettuce reconnects an established connection by itself, but not a first connect that failed.
  private void retryLater() {
    retryMillis = CONNECT_RETRIES.after(retryMillis);
    timer.schedule(
        () -> {
          if (closed) {
            return;
          }
          if (tryConnect()) {
            log.info("Connected to Redis at {}", address);
            onReconnect.run();
            notifyReconnected();
          } else {
            retryLater();
          }
        },
        retryMillis,
        TimeUnit.MILLISECONDS);
  }

  // The address without credentials, for messages and logs.
  private static String describe(LettuceConnectionFactory factory) {
    if (factory.getClusterConfiguration() != null) {
      return (factory.getClientConfiguration().isUseSsl() ? "rediss" : "redis")
          + " cluster via "
          + factory.getClusterConfiguration().getClusterNodes();
    }
    if (factory.getSentinelConfiguration() != null) {
      return "sentinel master '%s' via %s"
          .formatted(
              factory.getSentinelConfiguration().getMaster().getName(),
              factory.getSentinelConfiguration().getSentinels());
    }
    if (factory.getSocketConfiguration() != null) {
      return "unix socket " + factory.getSocketConfiguration().getSocket();
    }
    return (factory.getClientConfiguration().isUseSsl() ? "rediss://" : "redis://")
        + factory.getHostName()
        + ":"
        + factory.getPort()
        + "/"
        + factory.getDatabase();
  }

  /** Notices when the shared connection is lost and when it is back. */
  private final class ReconnectListener implements RedisConnectionStateListener {

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> channel) {
      if (channel == connection) {
        lost = true;
      } else if (cluster && !dedicated.contains(channel)) {
        synchronized (droppedNodes) {
          droppedNodes.add(channel);
        }
      }
    }

    @Override
    public void onRedisExceptionCaught(RedisChannelHandler<?, ?> channel, Throwable cause) {
      if (channel == connection || (cluster && !dedicated.contains(channel))) {
        failure.record(cause);
      }
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> channel, SocketAddress socketAddress) {
      boolean back = channel == connection && lost;
      if (cluster && !dedicated.contains(channel)) {
        synchronized (droppedNodes) {
          back |= droppedNodes.remove(channel);
        }
      }
      if (channel == connection || dedicated.contains(channel) || back) {
        notifyReconnected();
      }
      if (back) {
        lost = false;
        onReconnect.run();
      }
    }
  }
}
