package dev.channels.layer.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Groups and their members with the time each joined. A group's member map is created and removed
 * only inside {@code compute} on the group's key, so an add never lands in a map that was just
 * dropped for being empty; member maps are concurrent, so a group send reads one while members join
 * and leave.
 */
final class GroupRegistry {

  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Long>> groups =
      new ConcurrentHashMap<>();
  private final long expiryMillis;

  private static final Comparator<Map.Entry<String, Long>> ORDER =
      Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey());

  GroupRegistry(long expiryMillis) {
    this.expiryMillis = expiryMillis;
  }

  void add(String group, String channel, long now) {
    groups.compute(
        group,
        (name, members) -> {
          ConcurrentHashMap<String, Long> result =
              members == null ? new ConcurrentHashMap<>() : members;
          result.put(channel, now);
          return result;
        });
  }

  void discard(String group, String channel) {
    groups.computeIfPresent(
        group,
        (name, members) -> {
          members.remove(channel);
          return members.isEmpty() ? null : members;
        });
  }

  /** Calls {@code action} for each current member, dropping expired memberships on the way. */
  void forEachMember(String group, long now, Consumer<String> action) {
    ConcurrentHashMap<String, Long> members = groups.get(group);
    if (members == null) {
      return;
    }
    boolean expiredAny = false;
    for (Map.Entry<String, Long> member : members.entrySet()) {
      long joinedAt = member.getValue();
      if (now - joinedAt >= expiryMillis) {
        // Remove only that membership: a concurrent groupAdd may have renewed it meanwhile.
        expiredAny |= members.remove(member.getKey(), joinedAt);
      } else {
        action.accept(member.getKey());
      }
    }
    if (expiredAny) {
      removeIfEmpty(group);
    }
  }

  /** Drops expired memberships of every group, and groups left empty. */
  void sweep(long now) {
    for (Map.Entry<String, ConcurrentHashMap<String, Long>> group : groups.entrySet()) {
      group.getValue().entrySet().removeIf(member -> now - member.getValue() >= expiryMillis);
      removeIfEmpty(group.getKey());
    }
  }

  /** How many members of {@code group} have not expired at {@code now}. */
  long liveCount(String group, long now) {
    ConcurrentHashMap<String, Long> members = groups.get(group);
    if (members == null) {
      return 0;
    }
    return members.values().stream().filter(joinedAt -> now - joinedAt < expiryMillis).count();
  }

  /**
   * Up to {@code size} live members of {@code group}, oldest membership first, after the member
   * {@code after} (its join time and name; null for the first page); one more, if there is one, so
   * the caller knows whether a page follows.
   */
  List<Map.Entry<String, Long>> page(
      String group, long now, Map.@Nullable Entry<String, Long> after, int size) {
    ConcurrentHashMap<String, Long> members = groups.get(group);
    if (members == null) {
      return List.of();
    }
    // The smallest size + 1 after the cursor, kept in a heap that drops its largest.
    PriorityQueue<Map.Entry<String, Long>> smallest = new PriorityQueue<>(ORDER.reversed());
    for (Map.Entry<String, Long> member : members.entrySet()) {
      Map.Entry<String, Long> entry = Map.entry(member.getKey(), member.getValue());
      if (now - entry.getValue() >= expiryMillis
          || (after != null && ORDER.compare(entry, after) <= 0)) {
        continue;
      }
      smallest.add(entry);
      if (smallest.size() > size + 1) {
        smallest.poll();
      }
    }
    List<Map.Entry<String, Long>> page = new ArrayList<>(smallest);
    page.sort(ORDER);
    return page;
  }

  int size(String group) {
    ConcurrentHashMap<String, Long> members = groups.get(group);
    return members == null ? 0 : members.size();
  }

  Map<String, Integer> sizes() {
    Map<String, Integer> sizes = new java.util.HashMap<>();
    groups.forEach((group, members) -> sizes.put(group, members.size()));
    sizes.values().removeIf(size -> size == 0);
    return sizes;
  }

  int groupCount() {
    return groups.size();
  }

  void clear() {
    groups.clear();
  }

  private void removeIfEmpty(String group) {
    groups.computeIfPresent(group, (name, members) -> members.isEmpty() ? null : members);
  }
}
