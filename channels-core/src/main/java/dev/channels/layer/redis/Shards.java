package dev.channels.layer.redis;

import dev.channels.internal.Names;
import java.util.List;

/** The layer's Redis hosts, and which one holds a given group or queue. */
final class Shards implements AutoCloseable {

  private final List<Shard> shards;

  Shards(List<Shard> shards) {
    this.shards = List.copyOf(shards);
  }

  /**
   * The shard of a group name or a channel's queue: channels_redis's hash of the name, taken of the
   * non-local part so process-local channels land where their process listens.
   */
  Shard forName(String name) {
    return shards.get(ShardRing.index(Names.nonLocalName(name), shards.size()));
  }

  List<Shard> all() {
    return shards;
  }

  @Override
  public void close() {
    shards.forEach(Shard::close);
  }
}
