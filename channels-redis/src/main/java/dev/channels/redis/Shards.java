package dev.channels.redis;

import dev.channels.spi.Names;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * The layer's Redis hosts, and which one holds a given group or queue. On a Redis Cluster there is
 * one shard, the cluster, and its queue writes are batched per hash slot, since one script may only
 * touch keys of one slot.
 */
final class Shards implements AutoCloseable {

  private final List<Shard> shards;
  private final List<QueueWrites> writes;
  private final RedisKeys keys;
  private final LongConsumer expired;
  private final Map<Integer, QueueWrites> slotWrites = new ConcurrentHashMap<>();

  /** The hosts, each with its batched queue writes; {@code expired} counts expired messages. */
  Shards(List<Shard> shards, RedisKeys keys, LongConsumer expired) {
    this.shards = List.copyOf(shards);
    this.keys = keys;
    this.expired = expired;
    this.writes = shards.stream().map(shard -> new QueueWrites(shard, expired)).toList();
  }

  /** Whether the keys live on a Redis Cluster. */
  boolean isCluster() {
    return shards.size() == 1 && shards.get(0).isCluster();
  }

  /**
   * The batched queue writes of the shard that holds {@code name}; on a cluster, those of the hash
   * slot of its queue key, so each batch is one legal script call on the node owning the slot.
   */
  QueueWrites writesFor(String name) {
    if (isCluster()) {
      return slotWrites.computeIfAbsent(
          ClusterTags.slot(keys.queueOf(name)), slot -> new QueueWrites(shards.get(0), expired));
    }
    return writes.get(index(name));
  }

  /**
   * Whether one script may touch both keys: they are on the same host, or, on a cluster, in the
   * same hash slot.
   */
  boolean colocated(byte[] key, String keyName, byte[] other, String otherName) {
    if (isCluster()) {
      return ClusterTags.slot(key) == ClusterTags.slot(other);
    }
    return index(keyName) == index(otherName);
  }

  /**
   * The shard of a group name or a channel's queue: channels_redis's hash of the name, taken of the
   * non-local part so process-local channels land where their process listens.
   */
  Shard forName(String name) {
    return shards.get(index(name));
  }

  private int index(String name) {
    if (shards.size() == 1) {
      return 0;
    }
    return ShardRing.index(Names.nonLocalName(name), shards.size());
  }

  List<Shard> all() {
    return shards;
  }

  @Override
  public void close() {
    shards.forEach(Shard::close);
  }
}
