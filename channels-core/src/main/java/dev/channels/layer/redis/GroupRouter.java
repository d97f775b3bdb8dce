package dev.channels.layer.redis;

import dev.channels.ChannelLayerException;
import dev.channels.ChannelLayerSettings;
import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.internal.ChannelIds;
import dev.channels.internal.Counters;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Group sends. The members of a group are read from the group's index in Redis, not on every send:
 * this router caches each group's index by its token and sends that token along; the script writes
 * only if the token is still current, and otherwise returns the current index to retry with. A
 * group send is then one round trip whatever the group's size, writing one message per queue: the
 * channels_redis envelope listing the members for a Django queue, and the group's name for a Spring
 * Channels instance, which knows its own members.
 */
final class GroupRouter {

  private static final int ATTEMPTS = 4;

  private final RedisKeys keys;
  private final Shards shards;
  private final Framing framing;
  private final ChannelLayerSettings settings;
  private final Counters counters;
  private final Scores scores;
  // A queue's time to live in whole seconds, as the scripts take it.
  private final byte[] ttl;
  private final Map<String, Cached> indexes = new ConcurrentHashMap<>();

  /**
   * A group's index and when this instance last sent to the group: an index not used for a while is
   * dropped, so an instance that sends to many groups over its life keeps only those it uses.
   */
  private static final class Cached {
    final GroupIndex index;
    // Written by every send without synchronization: a stale read only delays the drop.
    long lastUsedMillis;

    Cached(GroupIndex index, long now) {
      this.index = index;
      this.lastUsedMillis = now;
    }
  }

  GroupRouter(
      RedisKeys keys,
      Shards shards,
      Framing framing,
      ChannelLayerSettings settings,
      Counters counters,
      Scores scores,
      byte[] ttl) {
    this.keys = keys;
    this.shards = shards;
    this.framing = framing;
    this.settings = settings;
    this.counters = counters;
    this.scores = scores;
    this.ttl = ttl;
  }

  CompletableFuture<Void> send(String group, Envelope envelope, Instant now) {
    counters.groupSent();
    return attempt(group, envelope, now, 1);
  }

  void forget(String group) {
    indexes.remove(group);
  }

  void forgetAll() {
    indexes.clear();
  }

  /** Drops the indexes of groups not sent to since {@code cutoffMillis}; the next send rereads. */
  void forgetUnusedSince(long cutoffMillis) {
    indexes.values().removeIf(cached -> cached.lastUsedMillis < cutoffMillis);
  }

  /** How many groups' indexes this instance keeps; for tests. */
  int cachedIndexes() {
    return indexes.size();
  }

  private CompletableFuture<Void> attempt(
      String group, Envelope envelope, Instant instant, int attempt) {
    long now = instant.toEpochMilli();
    Cached cached = indexes.get(group);
    GroupIndex index = GroupIndex.EMPTY;
    if (cached != null) {
      cached.lastUsedMillis = now;
      index = cached.index;
    }
    Shard home = shards.forName(group);
    List<GroupIndex.Queue> local = new ArrayList<>();
    List<GroupIndex.Queue> remote = new ArrayList<>();
    for (GroupIndex.Queue queue : index.queues()) {
      (shards.forName(queue.name()) == home ? local : remote).add(queue);
    }
    byte[][] keyList = new byte[2 + local.size()][];
    keyList[0] = keys.group(group);
    keyList[1] = keys.groupIndex(group);
    List<byte[]> args =
        new ArrayList<>(
            List.of(
                scores.next(instant),
                Scores.of(now - settings.groupExpiry().toMillis()),
                scores.cutoff(now - settings.expiry().toMillis()),
                ttl,
                index.token().getBytes(StandardCharsets.UTF_8),
                ChannelIds.newLocalId().getBytes(StandardCharsets.UTF_8)));
    for (int i = 0; i < local.size(); i++) {
      keyList[2 + i] = keys.queue(local.get(i).name());
      addPayload(args, group, envelope, local.get(i));
    }
    return home.<List<Object>>run(
            Script.GROUP_SEND, ScriptOutputType.MULTI, keyList, args.toArray(byte[][]::new))
        .thenCompose(
            reply -> {
              if (Replies.text(reply.get(0)).equals("stale")) {
                if (attempt >= ATTEMPTS) {
                  return CompletableFuture.failedFuture(
                      new ChannelLayerException(
                          "Group '%s' changed during each of %d attempts to send to it; try again."
                              .formatted(group, ATTEMPTS)));
                }
                indexes.put(group, new Cached(GroupIndex.parse(reply, settings::capacityOf), now));
                return attempt(group, envelope, instant, attempt + 1);
              }
              count(local, reply);
              return writeRemote(group, envelope, instant, remote);
            });
  }

  private CompletableFuture<Void> writeRemote(
      String group, Envelope envelope, Instant instant, List<GroupIndex.Queue> remote) {
    byte[] cutoff = scores.cutoff(instant.toEpochMilli() - settings.expiry().toMillis());
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (GroupIndex.Queue queue : remote) {
      writes.add(
          shards
              .writesFor(queue.name())
              .write(
                  keys.queue(queue.name()),
                  scores.next(instant),
                  cutoff,
                  ttl,
                  queue.capacity(),
                  payload(group, envelope, queue))
              .thenAccept(accepted -> countQueue(queue, !accepted)));
    }
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }

  private void addPayload(
      List<byte[]> args, String group, Envelope envelope, GroupIndex.Queue queue) {
    args.add(Integer.toString(queue.capacity()).getBytes(StandardCharsets.UTF_8));
    args.add(payload(group, envelope, queue));
  }

  private byte[] payload(String group, Envelope envelope, GroupIndex.Queue queue) {
    return framing.frameInPlace(
        ChannelIds.isSpringQueue(queue.name())
            ? envelope.toGroup(group, queue.version(), framing.headroom())
            : envelope.toChannels(queue.count(), queue.members(), framing.headroom()));
  }

  // reply: {'ok', expired, then the 1-based positions of the queues that were full}.
  private void count(List<GroupIndex.Queue> local, List<Object> reply) {
    countExpired((Long) reply.get(1));
    boolean[] full = new boolean[local.size()];
    for (int i = 2; i < reply.size(); i++) {
      full[(int) (long) (Long) reply.get(i) - 1] = true;
    }
    for (int i = 0; i < local.size(); i++) {
      countQueue(local.get(i), full[i]);
    }
  }

  private void countQueue(GroupIndex.Queue queue, boolean full) {
    if (full) {
      counters.dropped(DropReason.CAPACITY, queue.count());
    } else {
      counters.sent(queue.count());
    }
  }

  private void countExpired(long expired) {
    if (expired > 0) {
      counters.dropped(DropReason.EXPIRED, (int) expired);
    }
  }
}
