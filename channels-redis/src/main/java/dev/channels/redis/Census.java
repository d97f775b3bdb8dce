package dev.channels.redis;

import io.lettuce.core.Range;
import io.lettuce.core.Range.Boundary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts what Redis holds under the prefix, for a snapshot: each group's members and each queue's
 * messages. channels_redis's {@code $inflight} helper keys, this layer's group indexes, and the
 * keys of another prefix that starts with this one are left out.
 */
final class Census {

  record Counts(Map<String, Integer> groups, Map<String, Integer> channels) {}

  private final RedisKeys keys;
  private final Shards shards;
  private final Map<String, Integer> groups = new ConcurrentHashMap<>();
  private final Map<String, Integer> channels = new ConcurrentHashMap<>();

  Census(RedisKeys keys, Shards shards) {
    this.keys = keys;
    this.shards = shards;
  }

  /**
   * Counts the messages sent after {@code messageCutoffMillis} and the memberships renewed after
   * {@code groupCutoffMillis}: what has expired is not counted, though Redis may still hold it.
   */
  CompletableFuture<Counts> take(long messageCutoffMillis, long groupCutoffMillis) {
    Range<Number> liveMessages = after(messageCutoffMillis);
    Range<Number> liveMembers = after(groupCutoffMillis);
    List<CompletableFuture<Void>> scans = new ArrayList<>();
    for (Shard shard : shards.all()) {
      scans.add(
          KeyScan.forEachPage(
              shard, keys.everything(), page -> count(shard, page, liveMessages, liveMembers)));
    }
    return CompletableFuture.allOf(scans.toArray(CompletableFuture[]::new))
        .thenApply(done -> new Counts(Map.copyOf(groups), Map.copyOf(channels)));
  }

  // Expiry removes scores up to and including the cut-off, so what lives is strictly after it.
  private static Range<Number> after(long cutoffMillis) {
    return Range.from(Boundary.excluding(cutoffMillis / 1000.0), Boundary.unbounded());
  }

  private CompletableFuture<Void> count(
      Shard shard, List<byte[]> page, Range<Number> liveMessages, Range<Number> liveMembers) {
    List<CompletableFuture<Long>> counts = new ArrayList<>();
    for (byte[] key : page) {
      RedisKeys.Owned owned = keys.owner(key);
      Map<String, Integer> target;
      Range<Number> live;
      if (owned.kind() == RedisKeys.Kind.GROUP) {
        target = groups;
        live = liveMembers;
      } else if (owned.kind() == RedisKeys.Kind.QUEUE) {
        target = channels;
        live = liveMessages;
      } else {
        continue;
      }
      String counted = owned.name();
      counts.add(
          shard
              .<Long>call(() -> shard.commands().zcount(key, live).toCompletableFuture())
              // A key of another type under the prefix is not ours to count.
              .exceptionally(notASortedSet -> 0L)
              .whenComplete(
                  (size, failure) -> {
                    if (size != null && size > 0) {
                      target.merge(counted, size.intValue(), Integer::sum);
                    }
                  }));
    }
    return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new));
  }
}
