package dev.channels.redis;

import io.lettuce.core.ScriptOutputType;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a receiving instance knows of its own members of each group, by queue: the members at a
 * version of the group's index. A group message names the version it was sent at; while that is the
 * version known here, delivery needs nothing from Redis. When the layer's own group add or discard
 * moves the version from the one known here, the change is applied here too; any other change makes
 * the next message fetch the queue's members once. Only groups with members here are kept, so what
 * this holds is bounded by this instance's own memberships, whatever group names messages carry.
 */
final class LocalGroups {

  private record View(String version, Set<String> members) {}

  private final RedisKeys keys;
  private final Shards shards;
  private final Map<String, View> views = new ConcurrentHashMap<>();

  LocalGroups(RedisKeys keys, Shards shards) {
    this.keys = keys;
    this.shards = shards;
  }

  /** The members of {@code group} in {@code queue}, as of {@code version} or later. */
  CompletableFuture<Set<String>> members(String group, String queue, String version) {
    View view = views.get(key(group, queue));
    if (view != null && view.version().equals(version)) {
      return CompletableFuture.completedFuture(view.members());
    }
    return fetch(group, queue);
  }

  /** Applies this layer's own group add, as the script reported it. */
  void added(String group, String queue, String channel, String before, String after) {
    if (after.isEmpty() || before.equals(after)) {
      return;
    }
    views.compute(
        key(group, queue),
        (key, view) -> {
          if (before.isEmpty()) {
            return new View(after, Set.of(channel));
          }
          if (view == null || !view.version().equals(before)) {
            return null;
          }
          Set<String> members = new HashSet<>(view.members());
          members.add(channel);
          return new View(after, Set.copyOf(members));
        });
  }

  /** Applies this layer's own group discard, as the script reported it. */
  void discarded(String group, String queue, String channel, String before, String after) {
    views.compute(
        key(group, queue),
        (key, view) -> {
          if (after.isEmpty() || view == null || !view.version().equals(before)) {
            return null;
          }
          Set<String> members = new HashSet<>(view.members());
          members.remove(channel);
          return members.isEmpty() ? null : new View(after, Set.copyOf(members));
        });
  }

  void clear() {
    views.clear();
  }

  /** How many groups' members are known here; for tests. */
  int size() {
    return views.size();
  }

  // The version and the members, read in one script so they belong to each other.
  private CompletableFuture<Set<String>> fetch(String group, String queue) {
    Shard shard = shards.forName(group);
    return shard
        .<List<Object>>run(
            Script.GROUP_MEMBERS,
            ScriptOutputType.MULTI,
            new byte[][] {keys.groupIndex(group), keys.groupMembers(group, queue)},
            RedisKeys.bytes("v:" + queue))
        .thenApply(
            reply -> {
              String version = Replies.text(reply.get(0));
              Set<String> members = new HashSet<>();
              for (int i = 1; i < reply.size(); i++) {
                members.add(Replies.text(reply.get(i)));
              }
              Set<String> frozen = Set.copyOf(members);
              if (frozen.isEmpty()) {
                views.remove(key(group, queue));
              } else {
                views.put(key(group, queue), new View(version, frozen));
              }
              return frozen;
            });
  }

  private static String key(String group, String queue) {
    return group + '\u0000' + queue;
  }
}
