package dev.channels.rabbitmq;

import dev.channels.ChannelLayerException;
import dev.channels.spi.LocalChannels;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the broker in step with the instance's memberships: a group whose members changed has its
 * binding made or removed on the worker; a flush drops every membership and binding; a periodic
 * sweep expires memberships and unread messages, stops idle normal-channel consumers and forgets
 * queues not used lately. Also answers for the memberships in a census.
 */
final class Upkeep {

  private static final Logger log = LoggerFactory.getLogger(Upkeep.class);

  private final Memberships own;
  private final Memberships normal;
  private final Bindings bindings;
  private final NormalBindings normalBindings;
  private final LocalChannels table;
  private final NormalReceivers receivers;
  private final NormalQueues normalQueues;
  private final Executor onWorker;
  private final InstantSource clock;
  private final long queueIdleNanos;

  Upkeep(
      Memberships own,
      Memberships normal,
      Bindings bindings,
      NormalBindings normalBindings,
      LocalChannels table,
      NormalReceivers receivers,
      NormalQueues normalQueues,
      Executor onWorker,
      InstantSource clock,
      long queueIdleNanos) {
    this.own = own;
    this.normal = normal;
    this.bindings = bindings;
    this.normalBindings = normalBindings;
    this.table = table;
    this.receivers = receivers;
    this.normalQueues = normalQueues;
    this.onWorker = onWorker;
    this.clock = clock;
    this.queueIdleNanos = queueIdleNanos;
  }

  /** The members of {@code group} changed here: bind or unbind the instance's queue. */
  void changed(String group) {
    onWorker.execute(() -> reconcile(group));
  }

  /** A flush: every membership goes, and the bindings with it. */
  void dropAllMemberships() {
    Set<String> groups = new HashSet<>(own.groups());
    own.clear();
    List<String[]> added = normal.clear();
    onWorker.execute(
        () -> {
          groups.forEach(this::reconcile);
          normalBindings.unbindAll(added);
        });
  }

  /** The memberships of this instance's channels and of the normal channels it added. */
  Map<String, List<String>> members(long now) {
    Map<String, List<String>> members = new LinkedHashMap<>(own.census(now));
    normal
        .census(now)
        .forEach(
            (group, channels) ->
                members.merge(
                    group,
                    channels,
                    (a, b) -> {
                      List<String> both = new ArrayList<>(a);
                      both.addAll(b);
                      return both;
                    }));
    return members;
  }

  /** The normal channels' queues sent to or received from lately. */
  Set<String> usedQueues() {
    Set<String> queues = new HashSet<>(normalQueues.queues());
    queues.addAll(receivers.queues());
    return queues;
  }

  /** On the worker, periodically. */
  void sweep() {
    try {
      long now = clock.millis();
      table.sweep(now);
      own.expire(now).forEach(membership -> reconcile(membership[0]));
      normalBindings.unbindAll(normal.expire(now));
      receivers.sweep();
      normalQueues.forgetIdle(queueIdleNanos);
    } catch (RuntimeException e) {
      log.warn("The RabbitMQ layer's sweep failed; it runs again shortly", e);
    }
  }

  private void reconcile(String group) {
    try {
      bindings.reconcile(group);
    } catch (ChannelLayerException e) {
      // Away: the next connection makes every binding as wanted.
      log.debug("Could not bind or unbind group {}: {}", group, e.getMessage());
    }
  }
}
