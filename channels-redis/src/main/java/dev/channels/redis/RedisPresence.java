package dev.channels.redis;

import dev.channels.ChannelLayerSettings;
import dev.channels.Page;
import dev.channels.Presence;
import dev.channels.spi.Cursors;
import dev.channels.spi.PresenceEntry;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence on Redis, in keys of its own beside each group (see presencejoin.lua): entries by
 * channel, by key, and by the instance that made them, with each instance's last heartbeat. Instead
 * of renewing every entry, an instance renews itself once per heartbeat in each group it has
 * entries in; its entries count as gone once that is older than the presence timeout, and the next
 * heartbeat of any instance in the group removes them and sends their leaves. This instance keeps
 * its own entries, so it can put them back when Redis lost them (a restart, a flush), and remove
 * them all when it closes.
 */
final class RedisPresence {

  /** Sends presence events, as the layer's base does. */
  interface Events {
    CompletableFuture<Void> joined(String group, List<PresenceEntry> entries);

    CompletableFuture<Void> left(String group, List<PresenceEntry> entries, String reason);
  }

  private static final Logger log = LoggerFactory.getLogger(RedisPresence.class);
  // A heartbeat removes at most this many timed-out entries per call, and calls again for more.
  private static final int SWEEP_LIMIT = 500;
  private static final int OWNER_LENGTH = 32;

  private final RedisKeys keys;
  private final Shards shards;
  private final InstantSource clock;
  private final String owner;
  private final long timeoutMillis;
  private final byte[] ttl;
  private final Events events;
  private final Map<String, Map<String, PresenceEntry>> mine = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> subscribers = new ConcurrentHashMap<>();
  private volatile boolean stopped;

  RedisPresence(
      RedisKeys keys,
      Shards shards,
      InstantSource clock,
      String owner,
      ChannelLayerSettings settings,
      Events events) {
    this.keys = keys;
    this.shards = shards;
    this.clock = clock;
    this.owner = owner;
    this.timeoutMillis = settings.presenceTimeout().toMillis();
    // The keys outlive every entry by far while an instance renews them; without one, they go.
    this.ttl = RedisKeys.bytes(Long.toString(Math.max(60, 3 * timeoutMillis / 1000)));
    this.events = events;
  }

  /** Records {@code entry}; completes with whether its channel was not present before. */
  CompletableFuture<Boolean> join(String group, PresenceEntry entry) {
    mine.computeIfAbsent(group, g -> new ConcurrentHashMap<>()).put(entry.channel(), entry);
    return runJoin(group, entry)
        .whenComplete(
            (added, failure) -> {
              if (failure != null) {
                forget(group, entry.channel(), entry);
              }
            });
  }

  /** Removes {@code channel}'s entry; completes with it, or null if it had none. */
  CompletableFuture<@Nullable PresenceEntry> leave(String group, String channel) {
    forget(group, channel, null);
    return shards
        .forName(group)
        .<byte @Nullable []>run(
            Script.PRESENCE_LEAVE,
            ScriptOutputType.VALUE,
            entryKeys(group),
            RedisKeys.bytes(channel))
        .thenApply(value -> value == null ? null : decode(channel, value));
  }

  /** Up to {@code size} keys of the group's live presence, after the cursor's key. */
  CompletableFuture<Page<Presence>> page(String group, @Nullable String after, int size) {
    String from = after == null ? "-" : "[" + Cursors.parts(after, 1)[0] + '\u0001';
    return shards
        .forName(group)
        .<List<Object>>run(
            Script.PRESENCE_PAGE,
            ScriptOutputType.MULTI,
            entryKeys(group),
            RedisKeys.bytes(from),
            RedisKeys.bytes(Integer.toString(size)),
            RedisKeys.bytes(Long.toString(cutoff())))
        .thenApply(
            reply -> {
              List<PresenceEntry> entries = entries(reply, 1);
              boolean more = (Long) reply.get(0) == 1;
              String last = entries.isEmpty() ? null : entries.get(entries.size() - 1).key();
              return new Page<>(
                  PresenceEntry.group(entries), more && last != null ? Cursors.of(last) : null);
            });
  }

  /** Notes a subscriber here of {@code group}'s events: this instance now sweeps the group. */
  void subscribed(String group, String channel) {
    subscribers.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(channel);
  }

  void unsubscribed(String group, String channel) {
    subscribers.computeIfPresent(
        group, (g, channels) -> channels.remove(channel) && channels.isEmpty() ? null : channels);
  }

  /**
   * One heartbeat: renews this instance in every group it has entries in, removes the timed-out
   * entries of others there and in the groups it has subscribers in, sends their leaves, and puts
   * back its own entries if Redis lost them.
   */
  void beat() {
    if (stopped) {
      return;
    }
    Set<String> groups = ConcurrentHashMap.newKeySet();
    groups.addAll(mine.keySet());
    groups.addAll(subscribers.keySet());
    for (String group : groups) {
      // On the layer's timer: nothing may escape, or the heartbeat would stop for good.
      try {
        beat(group)
            .exceptionally(
                failure -> {
                  log.debug("The presence heartbeat of group '{}' failed", group, failure);
                  return null;
                });
      } catch (RuntimeException e) {
        log.warn("The presence heartbeat of group '{}' failed", group, e);
      }
    }
  }

  private CompletableFuture<Void> beat(String group) {
    Map<String, PresenceEntry> own = mine.getOrDefault(group, Map.of());
    long now = clock.millis();
    return shards
        .forName(group)
        .<List<Object>>run(
            Script.PRESENCE_BEAT,
            ScriptOutputType.MULTI,
            entryKeys(group),
            RedisKeys.bytes(own.isEmpty() ? "" : owner),
            RedisKeys.bytes(Long.toString(now)),
            RedisKeys.bytes(Long.toString(now - timeoutMillis)),
            ttl,
            RedisKeys.bytes(Integer.toString(SWEEP_LIMIT)))
        .thenCompose(
            reply -> {
              List<CompletableFuture<Void>> done = new ArrayList<>();
              List<PresenceEntry> removed = entries(reply, 2);
              if (!removed.isEmpty()) {
                done.add(events.left(group, removed, dev.channels.spi.PresenceEvents.TIMEOUT));
              }
              if (!own.isEmpty() && (Long) reply.get(0) != own.size()) {
                done.add(restore(group));
              }
              if ((Long) reply.get(1) == 1 && !stopped) {
                done.add(beat(group));
              }
              return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
            });
  }

  // Redis lost some of this instance's entries (restarted empty, flushed, or another instance
  // took them for timed out while this one stalled): they are joined again, with their events.
  private CompletableFuture<Void> restore(String group) {
    List<PresenceEntry> entries = List.copyOf(mine.getOrDefault(group, Map.of()).values());
    List<CompletableFuture<Boolean>> joins = new ArrayList<>();
    for (PresenceEntry entry : entries) {
      joins.add(runJoin(group, entry));
    }
    return CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new))
        .thenCompose(
            done -> {
              List<PresenceEntry> back = new ArrayList<>();
              for (int i = 0; i < entries.size(); i++) {
                if (joins.get(i).join()) {
                  back.add(entries.get(i));
                }
              }
              return back.isEmpty()
                  ? CompletableFuture.completedFuture(null)
                  : events.joined(group, back);
            });
  }

  /** Removes every entry of this instance and sends their leaves: a clean close. */
  CompletableFuture<Void> leaveAll() {
    stopped = true;
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (Map.Entry<String, Map<String, PresenceEntry>> group : mine.entrySet()) {
      for (String channel : List.copyOf(group.getValue().keySet())) {
        done.add(
            leave(group.getKey(), channel)
                .thenCompose(
                    left ->
                        left == null
                            ? CompletableFuture.completedFuture(null)
                            : events.left(
                                group.getKey(),
                                List.of(left),
                                dev.channels.spi.PresenceEvents.LEFT)));
      }
    }
    return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
  }

  /** Stops as a killed process stops: no more heartbeats, and nothing removed on close. */
  void abandon() {
    stopped = true;
    mine.clear();
    subscribers.clear();
  }

  /** Forgets this instance's entries and subscribers, which a flush removed from Redis. */
  void clear() {
    mine.clear();
    subscribers.clear();
  }

  private CompletableFuture<Boolean> runJoin(String group, PresenceEntry entry) {
    return shards
        .forName(group)
        .<Long>run(
            Script.PRESENCE_JOIN,
            ScriptOutputType.INTEGER,
            entryKeys(group),
            RedisKeys.bytes(entry.channel()),
            encode(entry),
            RedisKeys.bytes(Long.toString(clock.millis())),
            ttl)
        .thenApply(added -> added == 1);
  }

  private void forget(String group, String channel, @Nullable PresenceEntry only) {
    mine.computeIfPresent(
        group,
        (g, entries) -> {
          if (only == null) {
            entries.remove(channel);
          } else {
            entries.remove(channel, only);
          }
          return entries.isEmpty() ? null : entries;
        });
  }

  private long cutoff() {
    return clock.millis() - timeoutMillis;
  }

  private byte[][] entryKeys(String group) {
    return new byte[][] {
      keys.presenceEntries(group),
      keys.presenceByKey(group),
      keys.presenceOwners(group),
      keys.presenceOwned(group)
    };
  }

  // owner (32 ASCII digits), key, NUL, then the entry: the scripts read owner and key from it.
  private byte[] encode(PresenceEntry entry) {
    byte[] key = entry.key().getBytes(StandardCharsets.UTF_8);
    byte[] body = entry.encode();
    byte[] value = new byte[OWNER_LENGTH + key.length + 1 + body.length];
    System.arraycopy(owner.getBytes(StandardCharsets.US_ASCII), 0, value, 0, OWNER_LENGTH);
    System.arraycopy(key, 0, value, OWNER_LENGTH, key.length);
    System.arraycopy(body, 0, value, OWNER_LENGTH + key.length + 1, body.length);
    return value;
  }

  private static PresenceEntry decode(String channel, byte[] value) {
    int nul = OWNER_LENGTH;
    while (value[nul] != 0) {
      nul++;
    }
    return PresenceEntry.decode(channel, Arrays.copyOfRange(value, nul + 1, value.length));
  }

  // Channel and value pairs from position {@code from} of a reply.
  private static List<PresenceEntry> entries(List<Object> reply, int from) {
    List<PresenceEntry> entries = new ArrayList<>();
    for (int i = from; i + 1 < reply.size(); i += 2) {
      entries.add(decode(Replies.text(reply.get(i)), Replies.bytes(reply.get(i + 1))));
    }
    return entries;
  }
}
