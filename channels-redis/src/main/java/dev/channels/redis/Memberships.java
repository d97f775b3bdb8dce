package dev.channels.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The group memberships of this instance's own channels, with when each was last added: what the
 * instance puts back after a Redis restart lost them, so broadcasts reach its consumers again
 * without any client reconnecting. Also the discards Redis did not take because it was away: a
 * consumer that left during an outage would otherwise stay in its groups, and be sent to, until
 * group-expiry, when Redis kept its data.
 */
final class Memberships {

  record Membership(String group, String channel) {}

  // Both maps change together under this object's lock, so a membership is never both joined and
  // owed a discard: an add always wins over a discard that failed before or after it.
  private final Map<Membership, Long> joined = new HashMap<>();
  // Each owed discard with when its membership was last added: Redis drops it by itself once
  // group-expiry has passed since then, and so does this instance.
  private final Map<Membership, Long> owedDiscards = new HashMap<>();

  synchronized void added(String group, String channel, long nowMillis) {
    Membership membership = new Membership(group, channel);
    joined.put(membership, nowMillis);
    owedDiscards.remove(membership);
  }

  /** Forgets {@code channel}'s membership; when it was last added, or null if it was not one. */
  synchronized @Nullable Long discarded(String group, String channel) {
    return joined.remove(new Membership(group, channel));
  }

  /**
   * Redis did not take the discard of a membership last added at {@code joinedMillis}: make it on
   * the next restore, unless the channel joins the group again first.
   */
  synchronized void discardFailed(String group, String channel, long joinedMillis) {
    Membership membership = new Membership(group, channel);
    if (!joined.containsKey(membership)) {
      owedDiscards.merge(membership, joinedMillis, Math::max);
    }
  }

  /**
   * The owed discard was made: forgotten, unless it was owed again meanwhile for a later add, whose
   * discard Redis has not seen.
   */
  synchronized void discardMade(Membership membership, long joinedMillis) {
    owedDiscards.remove(membership, joinedMillis);
  }

  /** When the membership whose discard is owed was last added; null if none is owed. */
  synchronized @Nullable Long owedDiscard(Membership membership) {
    return owedDiscards.get(membership);
  }

  /** The memberships still within {@code groupExpiryMillis} of their last add. */
  synchronized List<Membership> live(long nowMillis, long groupExpiryMillis) {
    joined.values().removeIf(at -> nowMillis - at >= groupExpiryMillis);
    return new ArrayList<>(joined.keySet());
  }

  /** The discards still owed to Redis, leaving out those Redis has expired by itself. */
  synchronized List<Membership> owedDiscards(long nowMillis, long groupExpiryMillis) {
    owedDiscards.values().removeIf(at -> nowMillis - at >= groupExpiryMillis);
    return new ArrayList<>(owedDiscards.keySet());
  }

  /**
   * When {@code membership} was last added, if it still is one and has not expired by {@code
   * nowMillis}; null otherwise.
   */
  synchronized @Nullable Long joinedAt(
      Membership membership, long nowMillis, long groupExpiryMillis) {
    Long at = joined.get(membership);
    return at == null || nowMillis - at >= groupExpiryMillis ? null : at;
  }

  synchronized boolean contains(Membership membership) {
    return joined.containsKey(membership);
  }

  synchronized void clear() {
    joined.clear();
    owedDiscards.clear();
  }
}
