package dev.channels.layer.redis;

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

  CompletableFuture<Counts> take() {
    List<CompletableFuture<Void>> scans = new ArrayList<>();
    for (Shard shard : shards.all()) {
      scans.add(KeyScan.forEachPage(shard, keys.everything(), page -> count(shard, page)));
    }
    return CompletableFuture.allOf(scans.toArray(CompletableFuture[]::new))
        .thenApply(done -> new Counts(Map.copyOf(groups), Map.copyOf(channels)));
  }

  private CompletableFuture<Void> count(Shard shard, List<byte[]> page) {
    String prefix = keys.prefix();
    List<CompletableFuture<Long>> counts = new ArrayList<>();
    for (byte[] key : page) {
      String name = RedisKeys.text(key).substring(prefix.length());
      Map<String, Integer> target;
      if (name.startsWith(":group:")) {
        target = groups;
        name = name.substring(":group:".length());
      } else if (name.startsWith(":groupindex:") || name.endsWith("$inflight")) {
        continue;
      } else {
        target = channels;
      }
      String counted = name;
      counts.add(
          shard
              .<Long>call(() -> shard.commands().zcard(key).toCompletableFuture())
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
