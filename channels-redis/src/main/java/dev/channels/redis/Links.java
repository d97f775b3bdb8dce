package dev.channels.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * Connections of the two Lettuce clients the layer uses, a standalone one (also for Sentinel) and a
 * cluster one, seen through the command set they share: every command the layer sends names its
 * keys, so the cluster client routes it to the node that owns them.
 */
final class Links {

  private Links() {}

  /** Whether {@code client} is a client this layer can use. */
  static boolean usable(Object client) {
    return client instanceof RedisClient || client instanceof RedisClusterClient;
  }

  /** A new connection of {@code client}; blocks while connecting. */
  static StatefulConnection<byte[], byte[]> connect(AbstractRedisClient client) {
    return client instanceof RedisClusterClient cluster
        ? cluster.connect(ByteArrayCodec.INSTANCE)
        : ((RedisClient) client).connect(ByteArrayCodec.INSTANCE);
  }

  /** The asynchronous commands of a connection {@link #connect} made. */
  @SuppressWarnings("unchecked")
  static RedisClusterAsyncCommands<byte[], byte[]> async(StatefulConnection<byte[], byte[]> link) {
    return link instanceof StatefulRedisClusterConnection<?, ?> cluster
        ? ((StatefulRedisClusterConnection<byte[], byte[]>) cluster).async()
        : ((StatefulRedisConnection<byte[], byte[]>) link).async();
  }
}
