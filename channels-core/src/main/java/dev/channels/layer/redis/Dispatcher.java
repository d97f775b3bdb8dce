package dev.channels.layer.redis;

import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.MalformedMessageException;
import dev.channels.internal.ChannelTable;
import dev.channels.internal.Counters;
import dev.channels.internal.DeliveryThreads;
import io.lettuce.core.ScoredValue;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes what the receive loops pop from Redis into this process's channels, right on the thread
 * that read it: no thread hop per message. Routing is synchronous unless a group's members must be
 * fetched first; then the rest of the batch, and later batches, continue when they arrive, in
 * order, without blocking the I/O thread. An expired entry is dropped; a malformed one is skipped,
 * counted and logged with its key; neither stops the loop.
 */
final class Dispatcher {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final long WARN_INTERVAL_MILLIS = 10_000;
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final Framing framing;
  private final ChannelTable table;
  private final LocalGroups groups;
  private final Counters counters;
  private final InstantSource clock;
  private final long expiryMillis;
  private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE / 2);

  Dispatcher(
      Framing framing,
      ChannelTable table,
      LocalGroups groups,
      Counters counters,
      InstantSource clock,
      long expiryMillis) {
    this.framing = framing;
    this.table = table;
    this.groups = groups;
    this.counters = counters;
    this.clock = clock;
    this.expiryMillis = expiryMillis;
  }

  /**
   * Routes a batch popped from {@code queue} (its non-local name; key {@code key}); completes when
   * every entry is routed. {@code own}: the queue is this instance's, the only one whose entries
   * may carry this layer's group envelope.
   */
  CompletableFuture<Void> route(
      String queue, String key, List<ScoredValue<byte[]>> batch, boolean own) {
    List<CompletableFuture<Void>> result = new ArrayList<>(1);
    DeliveryThreads.deliver(() -> result.add(routeFrom(queue, key, batch, 0, clock.millis(), own)));
    return result.get(0);
  }

  // Runs marked as delivery: receivers' callbacks may run inside.
  private CompletableFuture<Void> routeFrom(
      String queue, String key, List<ScoredValue<byte[]>> batch, int from, long now, boolean own) {
    for (int i = from; i < batch.size(); i++) {
      CompletableFuture<Void> waiting;
      try {
        waiting = route(queue, key, batch.get(i), now, own);
      } catch (RuntimeException e) {
        failed(key, e);
        continue;
      }
      if (waiting != null) {
        List<ScoredValue<byte[]>> rest = batch.subList(i + 1, batch.size());
        return waiting.thenCompose(routed -> route(queue, key, rest, own));
      }
    }
    return DONE;
  }

  // Null when done; a future when the entry waits for its group's members.
  private @Nullable CompletableFuture<Void> route(
      String queue, String key, ScoredValue<byte[]> member, long now, boolean own) {
    long sentAt = Scores.toMillis(member.getScore());
    if (now - sentAt >= expiryMillis) {
      counters.dropped(DropReason.EXPIRED, 1);
      return null;
    }
    Envelope.Routed routed;
    try {
      routed = framing.unframe(member.getValue(), now / 1000, own);
    } catch (MalformedMessageException e) {
      counters.dropped(DropReason.MALFORMED, 1);
      warn(
          "Skipped a malformed entry of Redis key '{}' ({} skipped so far): {}",
          key,
          e.getMessage());
      return null;
    }
    if (routed.group() != null) {
      CompletableFuture<Set<String>> members =
          groups.members(routed.group(), queue, routed.version());
      if (!members.isDone()) {
        return members.handle(
            (found, failure) -> {
              DeliveryThreads.deliver(
                  () -> deliverToGroup(routed, found, failure, sentAt, clock.millis()));
              return null;
            });
      }
      deliverToGroup(routed, members.getNow(null), null, sentAt, now);
    } else if (routed.targets().isEmpty()) {
      offer(queue, routed, sentAt, now);
    } else {
      for (String target : routed.targets()) {
        offer(target, routed, sentAt, now);
      }
    }
    return null;
  }

  private void deliverToGroup(
      Envelope.Routed routed,
      @Nullable Set<String> members,
      @Nullable Throwable failure,
      long sentAt,
      long now) {
    if (failure != null || members == null) {
      warn(
          "Could not read the members of group '{}' from Redis ({} skipped so far); a message to"
              + " it was not delivered: {}",
          routed.group(),
          String.valueOf(failure));
      return;
    }
    for (String member : members) {
      offer(member, routed, sentAt, now);
    }
  }

  private void offer(String channel, Envelope.Routed routed, long sentAt, long now) {
    if (table.offer(channel, routed.message(), sentAt, now) == ChannelTable.Delivery.FULL) {
      counters.dropped(DropReason.CAPACITY, 1);
    }
  }

  // Whatever goes wrong routing one entry (a bug, most likely) costs that entry, never the loop:
  // counted as malformed, since the entry could not be read into a delivery.
  private void failed(String key, RuntimeException e) {
    counters.dropped(DropReason.MALFORMED, 1);
    long now = System.currentTimeMillis();
    long last = lastWarning.get();
    String format =
        "Skipped an entry of Redis key '{}' that could not be routed ({} skipped so far); the"
            + " receive loop goes on";
    if (now - last >= WARN_INTERVAL_MILLIS && lastWarning.compareAndSet(last, now)) {
      log.error(format, key, counters.dropped(DropReason.MALFORMED), e);
    } else {
      log.debug(format, key, counters.dropped(DropReason.MALFORMED), e);
    }
  }

  private void warn(String format, String subject, String detail) {
    long now = System.currentTimeMillis();
    long last = lastWarning.get();
    if (now - last >= WARN_INTERVAL_MILLIS && lastWarning.compareAndSet(last, now)) {
      log.warn(format, subject, counters.dropped(DropReason.MALFORMED), detail);
    } else {
      log.debug(format, subject, counters.dropped(DropReason.MALFORMED), detail);
    }
  }
}
