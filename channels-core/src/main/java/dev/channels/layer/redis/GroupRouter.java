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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group sends. The members of a group are read from the group's index in Redis, not on every send:
 * this router caches each group's index by its token and sends that token along; the script writes
 * only if the token is still current, and otherwise returns the current index to retry with. A
 * group send is then one round trip whatever the group's size, writing one message per queue: the
 * channels_redis envelope listing the members for a Django queue, and the group's name for a Spring
 * Channels instance, which knows its own members.
 *
 * <p>Sends to one group share round trips as the writes to a queue do: a send goes out at once
 * while fewer than two script calls for its group are on their way, and otherwise leaves with every
 * send to the group that gathered meanwhile, up to 128 in one script call. So a lone caller waits
 * for one round trip, and many threads sending to a busy room make far fewer than one each. The
 * sends of a batch keep their order in every queue.
 */
final class GroupRouter {

  private static final int ATTEMPTS = 4;
  private static final int BATCH = 128;
  // Bounds one script call's size: its messages as written to every queue of the group.
  private static final int BATCH_BYTES = 256 * 1024;
  private static final int IN_FLIGHT = 2;

  private final RedisKeys keys;
  private final Shards shards;
  private final Framing framing;
  private final ChannelLayerSettings settings;
  private final Counters counters;
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

  /** The sends to one group waiting for a place among its script calls on their way. */
  private static final class Lane {
    final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    final AtomicInteger inFlight = new AtomicInteger();
    // As Cached's: written without synchronization, read by the sweep.
    long lastUsedMillis;

    boolean idle() {
      return inFlight.get() == 0 && pending.isEmpty();
    }
  }

  private record Pending(Envelope envelope, Instant instant, CompletableFuture<Void> done) {}

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
    Lane lane = lanes.computeIfAbsent(group, unused -> new Lane());
    lane.lastUsedMillis = now.toEpochMilli();
    CompletableFuture<Void> done = new CompletableFuture<>();
    lane.pending.add(new Pending(envelope, now, done));
    sendWhatIsPending(group, lane);
    return done;
  }

  void forget(String group) {
    indexes.remove(group);
  }

  void forgetAll() {
    indexes.clear();
  }

  /**
   * Drops the indexes of groups not sent to since {@code cutoffMillis}, and their idle lanes; the
   * next send rereads. A send racing the drop still leaves through the lane it found.
   */
  void forgetUnusedSince(long cutoffMillis) {
    indexes.values().removeIf(cached -> cached.lastUsedMillis < cutoffMillis);
    lanes.values().removeIf(lane -> lane.lastUsedMillis < cutoffMillis && lane.idle());
  }

  /** How many groups' indexes this instance keeps; for tests. */
  int cachedIndexes() {
    return indexes.size();
  }

  // Whoever frees a place among the calls on their way, or finds one free, sends; every path
  // checks again after changing state, so a send added meanwhile is never left waiting.
  private void sendWhatIsPending(String group, Lane lane) {
    while (!lane.pending.isEmpty()) {
      int current = lane.inFlight.get();
      if (current >= IN_FLIGHT) {
        return;
      }
      if (lane.inFlight.compareAndSet(current, current + 1)) {
        List<Pending> batch = take(group, lane);
        if (batch.isEmpty()) {
          lane.inFlight.decrementAndGet();
        } else {
          send(group, lane, batch);
        }
      }
    }
  }

  // Two senders may take at once, each with a place of its own: the lock keeps a head one peeked
  // at from being polled by the other.
  private List<Pending> take(String group, Lane lane) {
    Cached cached = indexes.get(group);
    GroupIndex index = cached == null ? GroupIndex.EMPTY : cached.index;
    // Each message is written once per queue, and to a Django queue with its members' names.
    int queues = Math.max(1, index.queues().size());
    long names = 0;
    for (GroupIndex.Queue queue : index.queues()) {
      names += queue.members().length;
    }
    List<Pending> batch = new ArrayList<>(1);
    long bytes = 0;
    synchronized (lane) {
      Pending next;
      while (batch.size() < BATCH && (next = lane.pending.peek()) != null) {
        long cost = (long) next.envelope().size() * queues + names;
        if (!batch.isEmpty() && bytes + cost > BATCH_BYTES) {
          break;
        }
        lane.pending.poll();
        batch.add(next);
        bytes += cost;
      }
    }
    return batch;
  }

  // The lane's place is given back once Redis has the batch; writes to other shards' queues follow
  // for each send on its own.
  private void send(String group, Lane lane, List<Pending> batch) {
    CompletableFuture<List<GroupIndex.Queue>> local;
    try {
      local = attempt(group, batch, 1);
    } catch (RuntimeException e) {
      local = CompletableFuture.failedFuture(e);
    }
    local.whenComplete(
        (remote, failure) -> {
          lane.inFlight.decrementAndGet();
          for (Pending sent : batch) {
            if (failure != null) {
              sent.done().completeExceptionally(failure);
            } else {
              writeRemote(group, sent.envelope(), sent.instant(), remote)
                  .whenComplete(
                      (done, remoteFailure) -> {
                        if (remoteFailure != null) {
                          sent.done().completeExceptionally(remoteFailure);
                        } else {
                          sent.done().complete(null);
                        }
                      });
            }
          }
          sendWhatIsPending(group, lane);
        });
  }

  // Completes with the group's queues on other shards, once this shard's queues have the batch.
  private CompletableFuture<List<GroupIndex.Queue>> attempt(
      String group, List<Pending> batch, int attempt) {
    Instant first = batch.get(0).instant();
    long now = first.toEpochMilli();
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
    byte[][] args = new byte[7 + batch.size() + local.size() * (1 + batch.size())][];
    args[1] = Scores.of(now - settings.groupExpiry().toMillis());
    args[2] = scores.cutoff(now - settings.expiry().toMillis());
    args[3] = ttl;
    args[4] = index.token().getBytes(StandardCharsets.UTF_8);
    args[5] = ChannelIds.newLocalId().getBytes(StandardCharsets.UTF_8);
    args[6] = Integer.toString(batch.size()).getBytes(StandardCharsets.US_ASCII);
    for (int m = 0; m < batch.size(); m++) {
      args[7 + m] = scores.next(batch.get(m).instant());
    }
    args[0] = args[7];
    int at = 7 + batch.size();
    for (int i = 0; i < local.size(); i++) {
      GroupIndex.Queue queue = local.get(i);
      keyList[2 + i] = keys.queue(queue.name());
      args[at++] = Integer.toString(queue.capacity()).getBytes(StandardCharsets.US_ASCII);
      for (Pending sent : batch) {
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
              count(local, batch.size(), reply);
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
