package dev.channels.redis;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts this instance's group memberships back into Redis after a reconnect, in case Redis came back
 * without its data, and makes the discards Redis did not take while it was away, in case it came
 * back with it. Each membership is re-added as it was: with the time of its last add as its score,
 * so a reconnect never extends it past group-expiry, and only where it is missing, so a membership
 * renewed meanwhile keeps its newer score. A re-add or discard Redis refuses (still loading its
 * data, say) is tried again with a growing delay until it succeeds or the membership ends. Whatever
 * the application did last wins: a membership discarded while its re-add was on its way is removed
 * again, and one added again while its owed discard was on its way is put back.
 */
final class MembershipRestore {

  /** The Redis side of a restore. */
  interface Groups {

    /** Adds {@code channel} to {@code group} with {@code score}, unless it is a member already. */
    CompletableFuture<Void> addIfAbsent(String group, String channel, byte[] score);

    /** Removes {@code channel} from {@code group} in Redis. */
    CompletableFuture<Void> remove(String group, String channel);
  }

  private static final Logger log = LoggerFactory.getLogger(MembershipRestore.class);
  private static final Backoff RETRIES = new Backoff(100, 5_000);

  private final Memberships memberships;
  private final Groups groups;
  private final ScheduledExecutorService timer;
  private final InstantSource clock;
  private final long groupExpiryMillis;
  private final BooleanSupplier open;
  // A reconnect starts a new round, which covers every live membership: older rounds stop.
  private final AtomicLong round = new AtomicLong();

  MembershipRestore(
      Memberships memberships,
      Groups groups,
      ScheduledExecutorService timer,
      InstantSource clock,
      long groupExpiryMillis,
      BooleanSupplier open) {
    this.memberships = memberships;
    this.groups = groups;
    this.timer = timer;
    this.clock = clock;
    this.groupExpiryMillis = groupExpiryMillis;
    this.open = open;
  }

  /** Re-adds every live membership; runs on the layer's timer. */
  void start() {
    if (!open.getAsBoolean()) {
      return;
    }
    long now = clock.millis();
    List<Memberships.Membership> pending =
        new ArrayList<>(memberships.live(now, groupExpiryMillis));
    List<Memberships.Membership> owed = memberships.owedDiscards(now, groupExpiryMillis);
    log.info(
        "Redis connection restored; re-adding {} group memberships of this instance and making {}"
            + " discards it could not make while Redis was away",
        pending.size(),
        owed.size());
    pending.addAll(owed);
    attempt(round.incrementAndGet(), pending, 0);
  }

  private void attempt(long current, List<Memberships.Membership> pending, int retries) {
    List<Memberships.Membership> failed = new ArrayList<>();
    List<Throwable> causes = new ArrayList<>(1);
    List<CompletableFuture<Void>> readds = new ArrayList<>(pending.size());
    for (Memberships.Membership membership : pending) {
      readds.add(
          repair(membership)
              .exceptionally(
                  failure -> {
                    synchronized (failed) {
                      failed.add(membership);
                      if (causes.isEmpty()) {
                        causes.add(failure);
                      }
                    }
                    return null;
                  }));
    }
    CompletableFuture.allOf(readds.toArray(CompletableFuture[]::new))
        .thenRun(
            () -> {
              synchronized (failed) {
                if (!failed.isEmpty()) {
                  report(failed, pending.size(), causes.get(0), retries);
                  retryLater(current, List.copyOf(failed), retries);
                }
              }
            });
  }

  // One line per round, not per membership: there may be thousands.
  private static void report(
      List<Memberships.Membership> failed, int tried, Throwable cause, int retries) {
    String format =
        "Could not restore {} of {} group memberships of this instance (such as {} in group {});"
            + " retrying until Redis takes them: {}";
    Memberships.Membership first = failed.get(0);
    Object[] args = {
      failed.size(), tried, first.channel(), first.group(), Shard.unwrap(cause).getMessage()
    };
    if (retries == 0 || retries % 10 == 0) {
      log.warn(format, args);
    } else {
      log.debug(format, args);
    }
  }

  /**
   * Makes the discards still owed while Redis is connected: one that failed for another reason than
   * an outage (a timeout, a refusal) waits for no reconnect. Runs from the layer's sweep; what
   * fails now is tried at the next sweep.
   */
  void retryOwedDiscards() {
    if (!open.getAsBoolean()) {
      return;
    }
    for (Memberships.Membership membership :
        memberships.owedDiscards(clock.millis(), groupExpiryMillis)) {
      repair(membership)
          .exceptionally(
              failure -> {
                log.debug(
                    "Could not remove {} from group {} yet; trying again at the next sweep",
                    membership.channel(),
                    membership.group(),
                    failure);
                return null;
              });
    }
  }

  private CompletableFuture<Void> repair(Memberships.Membership membership) {
    Long owed = memberships.owedDiscard(membership);
    return owed != null ? discardAgain(membership, owed) : readd(membership);
  }

  // An add that came in meanwhile, and that Redis may have seen before this discard, is made again.
  private CompletableFuture<Void> discardAgain(Memberships.Membership membership, long joined) {
    return groups
        .remove(membership.group(), membership.channel())
        .thenCompose(
            removed -> {
              memberships.discardMade(membership, joined);
              Long again = memberships.joinedAt(membership, clock.millis(), groupExpiryMillis);
              return again == null
                  ? CompletableFuture.completedFuture(null)
                  : groups.addIfAbsent(membership.group(), membership.channel(), Scores.of(again));
            });
  }

  // Checked just before the add, and again once it is done: a discard that came in between, and
  // that Redis may have seen before the add, is made again.
  private CompletableFuture<Void> readd(Memberships.Membership membership) {
    Long joined = memberships.joinedAt(membership, clock.millis(), groupExpiryMillis);
    if (joined == null) {
      return CompletableFuture.completedFuture(null);
    }
    return groups
        .addIfAbsent(membership.group(), membership.channel(), Scores.of(joined))
        .thenCompose(
            added ->
                memberships.contains(membership)
                    ? CompletableFuture.completedFuture(null)
                    : groups.remove(membership.group(), membership.channel()));
  }

  private void retryLater(long current, List<Memberships.Membership> failed, int retries) {
    if (current != round.get() || !open.getAsBoolean()) {
      return;
    }
    long delay = RETRIES.delayMillis(retries);
    try {
      timer.schedule(
          () -> {
            if (current == round.get()) {
              attempt(current, failed, retries + 1);
            }
          },
          delay,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      log.debug("Not retrying group membership re-adds of a closing layer");
    }
  }
}
