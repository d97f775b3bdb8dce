package dev.channels.redis;

import dev.channels.spi.ChannelIds;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToIntFunction;

/**
 * The index of a group too large to rebuild or read in one script call: rebuilt a chunk of members
 * per call ({@code groupreindex.lua}) and read a page per call ({@code groupindexpage.lua}), so a
 * group of 100,000 members holds Redis for a few milliseconds at a time rather than for seconds,
 * and other clients are served in between.
 */
final class LargeGroups {

  // Members indexed per call, and index fields scanned per page: each call a few milliseconds.
  static final int CHUNK = 1_000;
  static final int PAGE = 1_500;
  // Starting over again and again means the group changes faster than it can be indexed.
  private static final int RESTARTS = 5;

  private final RedisKeys keys;

  LargeGroups(RedisKeys keys) {
    this.keys = keys;
  }

  /** Rebuilds {@code group}'s index on {@code shard}, under a new token. */
  CompletableFuture<Void> rebuild(Shard shard, String group, long nowMillis) {
    String token = ChannelIds.newLocalId();
    return chunk(shard, group, token, nowMillis, 0, 0);
  }

  private CompletableFuture<Void> chunk(
      Shard shard, String group, String token, long now, long start, int restarts) {
    byte[][] scriptKeys = {keys.group(group), keys.groupIndex(group), staging(group)};
    return shard
        .<List<Object>>run(
            Script.GROUP_REINDEX,
            ScriptOutputType.MULTI,
            scriptKeys,
            ascii(token),
            ascii(Long.toString(now / 1000)),
            ascii(Long.toString(start)),
            ascii(Integer.toString(CHUNK)))
        .thenCompose(
            reply ->
                switch (Replies.text(reply.get(0))) {
                  case "more" -> chunk(shard, group, token, now, (Long) reply.get(1), restarts);
                  case "restart" ->
                      restarts < RESTARTS
                          ? chunk(shard, group, token, now, 0, restarts + 1)
                          : CompletableFuture.<Void>completedFuture(null);
                  default -> CompletableFuture.<Void>completedFuture(null);
                });
  }

  /**
   * Reads {@code group}'s index a page at a time; reads it again from the start if it changes in
   * between, and completes with what the last reading saw.
   */
  CompletableFuture<GroupIndex> read(Shard shard, String group, ToIntFunction<String> capacityOf) {
    return page(shard, group, capacityOf, new Reading(), "0", 0);
  }

  private static final class Reading {
    String token;
    int unusable;
    final Map<String, GroupIndex.Queue> queues = new LinkedHashMap<>();
  }

  private CompletableFuture<GroupIndex> page(
      Shard shard,
      String group,
      ToIntFunction<String> capacityOf,
      Reading reading,
      String cursor,
      int restarts) {
    return shard
        .<List<Object>>run(
            Script.GROUP_INDEX_PAGE,
            ScriptOutputType.MULTI,
            new byte[][] {keys.groupIndex(group)},
            ascii(cursor),
            ascii(Integer.toString(PAGE)))
        .thenCompose(
            reply -> {
              String token = Replies.text(reply.get(0));
              if (reading.token != null && !reading.token.equals(token) && restarts < RESTARTS) {
                return page(shard, group, capacityOf, new Reading(), "0", restarts + 1);
              }
              reading.token = token;
              reading.unusable = Integer.parseInt(Replies.text(reply.get(2)));
              List<GroupIndex.Queue> found = new ArrayList<>();
              GroupIndex.addQueues(reply, 3, capacityOf, found);
              // HSCAN may list a field twice; the later reading wins.
              found.forEach(queue -> reading.queues.put(queue.name(), queue));
              String next = Replies.text(reply.get(1));
              return next.equals("0")
                  ? CompletableFuture.completedFuture(
                      new GroupIndex(token, List.copyOf(reading.queues.values()), reading.unusable))
                  : page(shard, group, capacityOf, reading, next, restarts);
            });
  }

  // The index being built: a member set's name under the index, so flush and snapshots see it as
  // a helper of the group and a cluster keeps it in the index's hash slot.
  private byte[] staging(String group) {
    return keys.groupMembers(group, "staging!");
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
