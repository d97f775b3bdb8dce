package dev.channels.layer.redis;

import dev.channels.BackendUnavailableException;
import dev.channels.ChannelLayerException;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * One Redis host of the layer: a shared connection that pipelines every command (Lettuce writes
 * each at once, without waiting for earlier replies), and dedicated connections for blocking pops.
 * Driver failures are translated here, so nothing from Lettuce reaches the layer's callers.
 */
final class Shard implements AutoCloseable {

  private final String address;
  private final LettuceConnectionFactory factory;
  private final RedisClient client;
  private final StatefulRedisConnection<byte[], byte[]> connection;
  private final List<StatefulRedisConnection<byte[], byte[]>> dedicated =
      new CopyOnWriteArrayList<>();
  private volatile boolean lost;

  /**
   * Connects to the host of {@code factory}, which this shard owns from now on. {@code onReconnect}
   * runs when the shared connection comes back after being lost.
   */
  Shard(LettuceConnectionFactory factory, Duration commandTimeout, Runnable onReconnect) {
    this.factory = factory;
    factory.afterPropertiesSet();
    if (!(factory.getRequiredNativeClient() instanceof RedisClient redisClient)) {
      factory.destroy();
      throw new ChannelLayerException(
          "The Redis channel layer needs a standalone, socket or Sentinel connection; Redis Cluster and static master/replica setups are not supported.");
    }
    this.client = redisClient;
    this.address = describe(factory);
    try {
      this.connection = client.connect(ByteArrayCodec.INSTANCE);
    } catch (RuntimeException e) {
      factory.destroy();
      throw unavailable(e);
    }
    connection.setTimeout(commandTimeout);
    client.addListener(new ReconnectListener(onReconnect));
  }

  String address() {
    return address;
  }

  boolean isConnected() {
    return connection.isOpen();
  }

  /** Runs {@code script} by its SHA-1, or by its source if Redis no longer has it cached. */
  <T> CompletableFuture<T> run(
      Script script, ScriptOutputType type, byte[][] keys, byte[]... args) {
    return call(
        () -> {
          RedisAsyncCommands<byte[], byte[]> commands = connection.async();
          CompletableFuture<T> bySha =
              commands.<T>evalsha(script.sha, type, keys, args).toCompletableFuture();
          return bySha.exceptionallyCompose(
              failure ->
                  unwrap(failure) instanceof RedisNoScriptException
                      ? commands.<T>eval(script.source, type, keys, args).toCompletableFuture()
                      : CompletableFuture.failedFuture(failure));
        });
  }

  /** Runs a plain command on the shared connection, failing at once if it is down. */
  <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> command) {
    if (!connection.isOpen()) {
      return CompletableFuture.failedFuture(unavailable(null));
    }
    try {
      return command
          .get()
          .exceptionallyCompose(failure -> CompletableFuture.failedFuture(translate(failure)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(translate(e));
    }
  }

  RedisAsyncCommands<byte[], byte[]> commands() {
    return connection.async();
  }

  /**
   * A new connection of its own, for a blocking pop; its commands may take up to {@code timeout}.
   */
  StatefulRedisConnection<byte[], byte[]> openDedicated(Duration timeout) {
    StatefulRedisConnection<byte[], byte[]> opened = client.connect(ByteArrayCodec.INSTANCE);
    opened.setTimeout(timeout);
    dedicated.add(opened);
    return opened;
  }

  void closeDedicated(StatefulRedisConnection<byte[], byte[]> opened) {
    dedicated.remove(opened);
    opened.closeAsync();
  }

  /** The layer's own exception for a driver failure, with the host named and the cause kept. */
  ChannelLayerException translate(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof ChannelLayerException layerException) {
      return layerException;
    }
    if (cause instanceof RedisCommandExecutionException refused) {
      return new ChannelLayerException(
          "Redis at %s refused a command: %s".formatted(address, refused.getMessage()), refused);
    }
    return unavailable(cause);
  }

  private BackendUnavailableException unavailable(Throwable cause) {
    return new BackendUnavailableException(
        "Redis at %s is unavailable%s. Check that it runs and is reachable; the layer reconnects by itself and sends work again once it is back."
            .formatted(address, cause == null ? "" : " (" + cause.getMessage() + ")"),
        cause);
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
    dedicated.forEach(StatefulRedisConnection::closeAsync);
    connection.close();
    factory.destroy();
  }

  // The address without credentials, for messages and logs.
  private static String describe(LettuceConnectionFactory factory) {
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

    private final Runnable onReconnect;

    ReconnectListener(Runnable onReconnect) {
      this.onReconnect = onReconnect;
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> channel) {
      if (channel == connection) {
        lost = true;
      }
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> channel, SocketAddress socketAddress) {
      if (channel == connection && lost) {
        lost = false;
        onReconnect.run();
      }
    }
  }
}
