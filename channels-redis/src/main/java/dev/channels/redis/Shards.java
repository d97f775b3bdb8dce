package dev.channels.redis;

import dev.channels.spi.Names;
import java.util.List;
import java.util.function.LongConsumer;

/** The layer's Redis hosts, and which one holds a given group or queue. */
final class Shards implements AutoCloseable {

  private final List<Shard> shards;
  private final List<QueueWrites> writes;

  /** The hosts, each with its batched queue writes; {@code expired} counts expired messages. */
  Shards(List<Shard> shards, LongConsumer expired) {
    this.shards = List.copyOf(shards);
    this.writes = shards.stream().map(shard -> new QueueWrites(shard, expired)).toList();
  }

  /** The batched queue writes of the shard that holds {@code name}. */
  QueueWrites writesFor(String name) {
    return writes.get(index(name));
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
