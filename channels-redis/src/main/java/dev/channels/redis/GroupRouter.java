package dev.channels.redis;

import dev.channels.ChannelLayerException;
import dev.channels.ChannelLayerSettings;
import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.spi.ChannelIds;
import dev.channels.spi.LayerCounters;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Group sends. The members of a group are read from the group's index in Redis, not on every send:
 * this router caches each group's index by its token and sends that token along; the script writes
 * only if the token is still current, and otherwise returns the current index to retry with. A
 * group send is then one round trip whatever the group's size, writing one message per queue: the
 * channels_redis envelope listing the members for a Django queue, and the group's name for a Spring
 * Channels instance, which knows its own members.
 *
 * <p>Sends to one group share round trips, one script call of up to 128 on its way per group at a
 * time (see {@link OneBatchAtATime}): a lone caller waits for one round trip, and many threads
 * sending to a busy room make far fewer than one each. Sends keep their order in every queue.
 */
final class GroupRouter {

  private static final int ATTEMPTS = 4;
  private static final int BATCH = 128;
  // Bounds one script call's size: its messages as written to every queue of the group.
  private static final int BATCH_BYTES = 256 * 1024;
  // Redis before 7 takes at most 1,048,576 arguments in one command: a call writes its messages
  // to every queue of a group with thousands of instances in well under that.
  private static final int MAX_PAYLOADS = 100_000;

  private final RedisKeys keys;
  private final Shards shards;
  private final Framing framing;
  private final ChannelLayerSettings settings;
  private final LayerCounters counters;
  private final Scores scores;
  // A queue's time to live in whole seconds, as the scripts take it.
  private final byte[] ttl;
  private final Map<String, Cached> indexes = new ConcurrentHashMap<>();
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

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

  /** The sends to one group, and when this instance last sent to it. */
  private final class Lane {
    final OneBatchAtATime<Pending, Batch, List<GroupIndex.Queue>> sends;
    // Written and read only inside the lanes map's compute methods, under its lock.
    long lastUsedMillis;

    Lane(String group) {
      sends =
          new OneBatchAtATime<>(
              pending -> take(group, pending),
              batch -> attempt(group, batch, 1),
              (batch, remote, failure) -> settle(group, batch, remote, failure));
    }
  }

  private record Pending(Envelope envelope, Instant instant, CompletableFuture<Void> done) {}

  GroupRouter(
      RedisKeys keys,
      Shards shards,
      Framing framing,
      ChannelLayerSettings settings,
      LayerCounters counters,
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
    CompletableFuture<Void> done = new CompletableFuture<>();
    Pending pending = new Pending(envelope, now, done);
    // Added inside the map's compute, so the sweep never drops a lane a send is joining.
    Lane lane =
        lanes.compute(
            group,
            (name, existing) -> {
              Lane joined = existing == null ? new Lane(group) : existing;
              joined.lastUsedMillis = now.toEpochMilli();
              joined.sends.enqueue(pending);
              return joined;
            });
    lane.sends.sendWhatIsPending();
    return done;
  }

  void forget(String group) {
    indexes.remove(group);
  }

  void forgetAll() {
    indexes.clear();
  }

  /**
   * Drops the indexes of groups not sent to since {@code cutoffMillis}, and their lanes if nothing
   * is waiting in them or on its way; the next send rereads.
   */
  void forgetUnusedSince(long cutoffMillis) {
    indexes.values().removeIf(cached -> cached.lastUsedMillis < cutoffMillis);
    for (String group : lanes.keySet()) {
      lanes.computeIfPresent(
          group,
          (name, lane) -> lane.lastUsedMillis < cutoffMillis && lane.sends.idle() ? null : lane);
    }
  }

  /** How many groups' indexes this instance keeps; for tests. */
  int cachedIndexes() {
    return indexes.size();
  }

  /** Sends taken together, each with the score it keeps through retries. */
  private record Batch(List<Pending> sends, byte[][] scores) {}

  // Sized by the cached index: each message is written once per queue, and to a Django queue with
  // its members' names. Without one, a single send goes first and learns the index.
  private @Nullable Batch take(String group, Queue<Pending> pending) {
    Cached cached = indexes.get(group);
    int limit = 1;
    int queues = 1;
    long names = 0;
    if (cached != null) {
      queues = Math.max(1, cached.index.queues().size());
      for (GroupIndex.Queue queue : cached.index.queues()) {
        names += queue.members().length;
      }
      limit = Math.max(1, Math.min(BATCH, MAX_PAYLOADS / queues));
    }
    List<Pending> sends = new ArrayList<>(1);
    long bytes = 0;
    Pending next;
    while (sends.size() < limit && (next = pending.peek()) != null) {
      long cost = (long) next.envelope().size() * queues + names;
      if (!sends.isEmpty() && bytes + cost > BATCH_BYTES) {
        break;
      }
      pending.poll();
      sends.add(next);
      bytes += cost;
    }
    if (sends.isEmpty()) {
      return null;
    }
    byte[][] scored = new byte[sends.size()][];
    for (int m = 0; m < scored.length; m++) {
      scored[m] = scores.next(sends.get(m).instant());
    }
    return new Batch(sends, scored);
  }

  private void settle(
      String group,
      Batch batch,
      @Nullable List<GroupIndex.Queue> remote,
      @Nullable Throwable failure) {
    for (Pending sent : batch.sends()) {
      if (failure != null) {
        sent.done().completeExceptionally(failure);
      } else {
        writeRemoteSafely(group, sent, remote == null ? List.of() : remote);
      }
    }
  }

  private void writeRemoteSafely(String group, Pending sent, List<GroupIndex.Queue> remote) {
    try {
      writeRemote(group, sent.envelope(), sent.instant(), remote)
          .whenComplete(
              (done, failure) -> {
                if (failure != null) {
                  sent.done().completeExceptionally(failure);
                } else {
                  sent.done().complete(null);
                }
              });
    } catch (RuntimeException e) {
      sent.done().completeExceptionally(e);
    }
  }

  // Completes with the group's queues on other shards, once this shard's queues have the batch. A
  // retry after a stale index keeps the lane's place, so no later batch can overtake it.
  private CompletableFuture<List<GroupIndex.Queue>> attempt(
      String group, Batch batch, int attempt) {
    List<Pending> sends = batch.sends();
    long now = sends.get(0).instant().toEpochMilli();
    Cached cached = indexes.get(group);
    GroupIndex index = GroupIndex.EMPTY;
    if (cached != null) {
      cached.lastUsedMillis = now;
      index = cached.index;
    }
    Shard home = shards.forName(group);
    byte[] groupKey = keys.group(group);
    List<GroupIndex.Queue> local = new ArrayList<>();
    List<GroupIndex.Queue> remote = new ArrayList<>();
    // A queue on another host, or in another slot of a cluster, is written by a call of its own.
    for (GroupIndex.Queue queue : index.queues()) {
      boolean here = shards.colocated(groupKey, group, keys.queue(queue.name()), queue.name());
      (here ? local : remote).add(queue);
    }
    int m = sends.size();
    byte[][] keyList = new byte[2 + local.size()][];
    keyList[0] = groupKey;
    keyList[1] = keys.groupIndex(group);
    byte[][] args = new byte[7 + m + local.size() * (1 + m)][];
    args[0] = batch.scores()[0];
    args[1] = Scores.of(now - settings.groupExpiry().toMillis());
    args[2] = scores.cutoff(now - settings.expiry().toMillis());
    args[3] = ttl;
    args[4] = index.token().getBytes(StandardCharsets.UTF_8);
    args[5] = ChannelIds.newLocalId().getBytes(StandardCharsets.UTF_8);
    args[6] = Integer.toString(m).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(batch.scores(), 0, args, 7, m);
    int at = 7 + m;
    for (int i = 0; i < local.size(); i++) {
      GroupIndex.Queue queue = local.get(i);
      keyList[2 + i] = keys.queue(queue.name());
      args[at++] = Integer.toString(queue.capacity()).getBytes(StandardCharsets.US_ASCII);
      for (Pending sent : sends) {
        args[at++] = payload(group, sent.envelope(), queue);
      }
    }
    return home.<List<Object>>run(Script.GROUP_SEND, ScriptOutputType.MULTI, keyList, args)
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
                return attempt(group, batch, attempt + 1);
              }
              count(local, m, reply);
              return CompletableFuture.completedFuture(remote);
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

  private byte[] payload(String group, Envelope envelope, GroupIndex.Queue queue) {
    return framing.frameInPlace(
        ChannelIds.isSpringQueue(queue.name())
            ? envelope.toGroup(group, queue.version(), framing.headroom())
            : envelope.toChannels(queue.count(), queue.members(), framing.headroom()));
  }

  // reply: {'ok', expired, then for each queue how many of the batch's messages it took}.
  private void count(List<GroupIndex.Queue> local, int messages, List<Object> reply) {
    countExpired((Long) reply.get(1));
    for (int i = 0; i < local.size(); i++) {
      int taken = (int) (long) (Long) reply.get(2 + i);
      counters.sent(local.get(i).count() * taken);
      if (taken < messages) {
        counters.dropped(DropReason.CAPACITY, local.get(i).count() * (messages - taken));
      }
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
