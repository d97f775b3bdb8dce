package dev.channels.redis;

import dev.channels.ChannelLayerException;
import dev.channels.ChannelLayerSettings;
import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.spi.ChannelIds;
import dev.channels.spi.LayerCounters;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  // A large group may take three: rebuild its index, read it, send.
  private static final int ATTEMPTS = 6;
  private static final int BATCH = 128;
  // Bounds one script call's size: its messages as written to every queue of the group.
  private static final int BATCH_BYTES = 256 * 1024;
  // Redis before 7 takes at most 1,048,576 arguments in one command: a call writes its messages
  // to every queue of a group with thousands of instances in well under that.
  private static final int MAX_PAYLOADS = 100_000;
  // Queues written by the group script itself; the group's other queues on its shard go through
  // the shard's queue writes, as other shards' do, so no one script call grows with the group
  // (one holding 100,000 queues would keep Redis from everyone else for most of a second).
  static final int QUEUES_PER_CALL = 64;
  private static final Logger LOG = LoggerFactory.getLogger(GroupRouter.class);

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
  private final LargeGroups largeGroups;
  // Queues the last group send found full, with the members behind each: queues nobody reads.
  private final Map<String, Unread> unread = new ConcurrentHashMap<>();
  private final RateLimit unusableWarnings = new RateLimit(Duration.ofMinutes(1));

  private record Unread(int members, long atMillis) {}

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
    this.largeGroups = new LargeGroups(keys);
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
    unread.values().removeIf(queue -> queue.atMillis() < cutoffMillis);
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
      boolean inScript =
          shards.colocated(groupKey, group, keys.queue(queue.name()), queue.name())
              && local.size() < QUEUES_PER_CALL;
      (inScript ? local : remote).add(queue);
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
              String kind = Replies.text(reply.get(0));
              if (!kind.equals("ok")) {
                if (attempt >= ATTEMPTS) {
                  return CompletableFuture.failedFuture(
                      new ChannelLayerException(
                          "Group '%s' changed during each of %d attempts to send to it; try again."
                              .formatted(group, ATTEMPTS)));
                }
                return learn(group, kind, reply, home, now)
                    .thenCompose(learned -> attempt(group, batch, attempt + 1));
              }
              count(group, local, m, reply);
              countUnusable(group, indexes.get(group), m);
              return CompletableFuture.completedFuture(remote);
            });
  }

  // What a send that did not write learns before its next attempt: the index it returned ('stale'),
  // the index read a page at a time ('page'), or nothing after rebuilding a large group's index a
  // chunk at a time ('rebuild').
  private CompletableFuture<Void> learn(
      String group, String kind, List<Object> reply, Shard home, long now) {
    return switch (kind) {
      case "stale" -> {
        indexes.put(group, new Cached(GroupIndex.parse(reply, settings::capacityOf), now));
        yield CompletableFuture.completedFuture(null);
      }
      case "page" ->
          largeGroups
              .read(home, group, settings::capacityOf)
              .thenAccept(index -> indexes.put(group, new Cached(index, now)));
      case "rebuild" -> largeGroups.rebuild(home, group, now);
      default ->
          CompletableFuture.failedFuture(
              new IllegalStateException("Unexpected group send reply: " + kind));
    };
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
              .handle((accepted, failure) -> countQueue(group, queue, accepted, failure)));
    }
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }

  private byte[] payload(String group, Envelope envelope, GroupIndex.Queue queue) {
    return framing.frameInPlace(
        ChannelIds.isSpringQueue(queue.name())
            ? envelope.toGroup(group, queue.version(), framing.headroom())
            : envelope.toChannels(queue.count(), queue.members(), framing.headroom()));
  }

  // reply: {'ok', expired, then for each queue how many of the batch's messages it took, -1 for a
  // key that is not a queue}.
  private void count(String group, List<GroupIndex.Queue> local, int messages, List<Object> reply) {
    countExpired((Long) reply.get(1));
    int unusable = 0;
    for (int i = 0; i < local.size(); i++) {
      GroupIndex.Queue queue = local.get(i);
      int taken = (int) (long) (Long) reply.get(2 + i);
      if (taken < 0) {
        unusable += queue.count();
        continue;
      }
      counters.sent(queue.count() * taken);
      if (taken < messages) {
        counters.dropped(DropReason.CAPACITY, queue.count() * (messages - taken));
      }
      noteRead(queue, taken == messages);
    }
    if (unusable > 0) {
      counters.dropped(DropReason.UNUSABLE, unusable * messages);
      warnUnusable(group, unusable);
    }
  }

  // Members the group's index left out as no channel names: skipped by every send, counted by each.
  private void countUnusable(String group, @Nullable Cached cached, int messages) {
    int unusable = cached == null ? 0 : cached.index.unusable();
    if (unusable > 0) {
      counters.dropped(DropReason.UNUSABLE, unusable * messages);
      warnUnusable(group, unusable);
    }
  }

  private void warnUnusable(String group, int members) {
    if (unusableWarnings.tryAcquire()) {
      LOG.warn(
          "Group '{}' has {} member(s) this layer cannot send to (not a channel name, or a queue key"
              + " holding another type), written by something other than a channel layer; every"
              + " send skips and counts them (channels.messages.dropped, reason unusable). List"
              + " them with ZRANGE {} 0 -1 and remove them with ZREM. Repeats within a minute"
              + " are logged at DEBUG.",
          group,
          members,
          new String(keys.group(group), StandardCharsets.UTF_8));
    } else {
      LOG.debug("Group '{}' has {} unusable member(s)", group, members);
    }
  }

  // A queue key of another type fails only its own write: the group send skips it, as in the
  // script, and succeeds for the other members.
  private @Nullable Void countQueue(
      String group,
      GroupIndex.Queue queue,
      @Nullable Boolean accepted,
      @Nullable Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof QueueWrites.NotAQueueException) {
      counters.dropped(DropReason.UNUSABLE, queue.count());
      warnUnusable(group, queue.count());
      return null;
    }
    if (failure != null) {
      throw failure instanceof CompletionException completion
          ? completion
          : new CompletionException(failure);
    }
    countQueue(queue, !Boolean.TRUE.equals(accepted));
    return null;
  }

  private void countQueue(GroupIndex.Queue queue, boolean full) {
    if (full) {
      counters.dropped(DropReason.CAPACITY, queue.count());
    } else {
      counters.sent(queue.count());
    }
    noteRead(queue, !full);
  }

  // A queue that a group send finds full is one nobody reads (or reads far too slowly); its
  // members are counted until a send finds room in it again.
  private void noteRead(GroupIndex.Queue queue, boolean tookAll) {
    if (tookAll) {
      unread.remove(queue.name());
    } else {
      unread.put(queue.name(), new Unread(queue.count(), System.currentTimeMillis()));
    }
  }

  /**
   * Members of the groups sent to whose queue the last send found full: channels nobody reads, such
   * as names of no running consumer, or consumers far behind.
   */
  long unreadMembers() {
    long members = 0;
    for (Unread queue : unread.values()) {
      members += queue.members();
    }
    return members;
  }

  private void countExpired(long expired) {
    if (expired > 0) {
      counters.dropped(DropReason.EXPIRED, (int) expired);
    }
  }
}
