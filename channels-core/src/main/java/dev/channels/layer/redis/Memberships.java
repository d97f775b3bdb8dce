package dev.channels.layer.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The group memberships of this instance's own channels, with when each was last added: what the
 * instance puts back after a Redis restart lost them, so broadcasts reach its consumers again
 * without any client reconnecting.
 */
final class Memberships {

  record Membership(String group, String channel) {}

  private final Map<Membership, Long> joined = new ConcurrentHashMap<>();

  void added(String group, String channel, long nowMillis) {
    joined.put(new Membership(group, channel), nowMillis);
  }

  void discarded(String group, String channel) {
    joined.remove(new Membership(group, channel));
  }

  /** The memberships still within {@code groupExpiryMillis} of their last add. */
  List<Membership> live(long nowMillis, long groupExpiryMillis) {
    joined.values().removeIf(at -> nowMillis - at >= groupExpiryMillis);
    return new ArrayList<>(joined.keySet());
  }

  /**
   * When {@code membership} was last added, if it still is one and has not expired by {@code
   * nowMillis}; null otherwise.
   */
  @Nullable Long joinedAt(Membership membership, long nowMillis, long groupExpiryMillis) {
    Long at = joined.get(membership);
    return at == null || nowMillis - at >= groupExpiryMillis ? null : at;
  }

  boolean contains(Membership membership) {
    return joined.containsKey(membership);
  }

  void clear() {
    joined.clear();
  }
}
