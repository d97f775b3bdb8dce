package dev.channels.layer.memory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

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
