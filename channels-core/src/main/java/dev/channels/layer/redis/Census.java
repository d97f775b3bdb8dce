package dev.channels.layer.redis;

import io.lettuce.core.Range;
import io.lettuce.core.Range.Boundary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts what Redis holds under the prefix, for a snapshot: each group's members and each queue's
 * messages. channels_redis's {@code $inflight} helper keys and this layer's group indexes are left
 * out.
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
    String prefix = keys.prefix();
    List<CompletableFuture<Long>> counts = new ArrayList<>();
    for (byte[] key : page) {
      String name = RedisKeys.text(key).substring(prefix.length());
      Map<String, Integer> target;
      Range<Number> live;
      if (name.startsWith(":group:")) {
        target = groups;
        live = liveMembers;
        name = name.substring(":group:".length());
      } else if (name.startsWith(":groupindex:") || name.endsWith("$inflight")) {
        continue;
      } else {
        target = channels;
        live = liveMessages;
      }
      String counted = name;
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
