package dev.channels.rabbitmq;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Group memberships by group, each with the time it expires: {@code group-expiry} after its last
 * add, on the layer's clock. The instance keeps two such tables: the memberships of its own
 * process-local channels (whoever added them), which decide where a group message arriving in its
 * queue goes and whether its queue is bound to the group, as in channels_rabbitmq; and the
 * memberships of normal channels it added, which are bindings of the channels' queues.
 */
final class Memberships {

  private final long groupExpiryMillis;
  private final Map<String, Map<String, Long>> groups = new HashMap<>();

  Memberships(long groupExpiryMillis) {
    this.groupExpiryMillis = groupExpiryMillis;
  }

  /** {@code channel} is in {@code group}, added (again) at {@code at}. */
  synchronized void add(String group, String channel, long at) {
    groups.computeIfAbsent(group, g -> new HashMap<>()).put(channel, at + groupExpiryMillis);
  }

  /** Drops {@code channel}'s membership of {@code group}; returns whether the group has members. */
  synchronized boolean remove(String group, String channel) {
    Map<String, Long> members = groups.get(group);
    if (members != null && members.remove(channel) != null && members.isEmpty()) {
      groups.remove(group);
    }
    return groups.containsKey(group);
  }

  /**
   * The live members of {@code group} at {@code now}; expired ones are dropped on the way, and
   * added to {@code expired} as {@code [group, channel]}.
   */
  synchronized List<String> members(String group, long now, List<String[]> expired) {
    Map<String, Long> members = groups.get(group);
    if (members == null) {
      return List.of();
    }
    List<String> live = new ArrayList<>(members.size());
    for (Iterator<Map.Entry<String, Long>> it = members.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Long> member = it.next();
      if (member.getValue() > now) {
        live.add(member.getKey());
      } else {
        it.remove();
        expired.add(new String[] {group, member.getKey()});
      }
    }
    if (members.isEmpty()) {
      groups.remove(group);
    }
    return live;
  }

  /** Drops every membership expired at {@code now}; returns them as {@code [group, channel]}. */
  synchronized List<String[]> expire(long now) {
    List<String[]> expired = new ArrayList<>();
    for (String group : new ArrayList<>(groups.keySet())) {
      members(group, now, expired);
    }
    return expired;
  }

  /** Whether {@code group} has members here. */
  synchronized boolean has(String group) {
    return groups.containsKey(group);
  }

  /** The groups with members here. */
  synchronized Set<String> groups() {
    return new HashSet<>(groups.keySet());
  }

  /** Drops every membership, as a flush does; returns them as {@code [group, channel]}. */
  synchronized List<String[]> clear() {
    List<String[]> all = new ArrayList<>();
    groups.forEach(
        (group, members) -> members.keySet().forEach(c -> all.add(new String[] {group, c})));
    groups.clear();
    return all;
  }

  /** The live members of every group at {@code now}, for a census. */
  synchronized Map<String, List<String>> census(long now) {
    expire(now);
    Map<String, List<String>> census = new LinkedHashMap<>();
    groups.forEach((group, members) -> census.put(group, List.copyOf(members.keySet())));
    return census;
  }
}
