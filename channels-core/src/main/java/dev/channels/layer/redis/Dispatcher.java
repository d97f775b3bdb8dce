package dev.channels.layer.redis;

import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.MalformedMessageException;
import dev.channels.internal.ChannelTable;
import dev.channels.internal.Counters;
import io.lettuce.core.ScoredValue;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes what the receive loops pop from Redis into this process's channels, on one thread of its
 * own, so neither decoding nor receivers' callbacks run on a Redis I/O thread, and batches keep
 * their order. An expired entry is dropped; a malformed one is skipped, counted and logged with its
 * key; neither stops the loop.
 */
final class Dispatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final long WARN_INTERVAL_MILLIS = 10_000;

  private final Framing framing;
  private final ChannelTable table;
  private final LocalGroups groups;
  private final Counters counters;
  private final InstantSource clock;
  private final long expiryMillis;
  private final ExecutorService thread;
  private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE / 2);

  Dispatcher(
      Framing framing,
      ChannelTable table,
      LocalGroups groups,
      Counters counters,
      InstantSource clock,
      long expiryMillis,
      String name) {
    this.framing = framing;
    this.table = table;
    this.groups = groups;
    this.counters = counters;
    this.clock = clock;
    this.expiryMillis = expiryMillis;
    this.thread =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread dispatcher = new Thread(task, name);
              dispatcher.setDaemon(true);
              return dispatcher;
            });
  }

  /** Routes a batch popped from the queue {@code queue} (its non-local name, key {@code key}). */
  void dispatch(String queue, String key, List<ScoredValue<byte[]>> batch) {
    thread.execute(() -> batch.forEach(member -> route(queue, key, member)));
  }

  private void route(String queue, String key, ScoredValue<byte[]> member) {
    long now = clock.millis();
    long sentAt = Scores.toMillis(member.getScore());
    if (now - sentAt >= expiryMillis) {
      counters.dropped(DropReason.EXPIRED, 1);
      return;
    }
    Envelope.Routed routed;
    try {
      routed = framing.unframe(member.getValue(), now / 1000);
    } catch (MalformedMessageException e) {
      counters.dropped(DropReason.MALFORMED, 1);
      warn(
          "Skipped a malformed entry of Redis key '{}' ({} skipped so far): {}",
          key,
          e.getMessage());
      return;
    }
    if (routed.group() != null) {
      routeToGroup(queue, routed, sentAt, now);
    } else if (routed.targets().isEmpty()) {
      offer(queue, routed, sentAt, now);
    } else {
      routed.targets().forEach(target -> offer(target, routed, sentAt, now));
    }
  }

  private void routeToGroup(String queue, Envelope.Routed routed, long sentAt, long now) {
    Set<String> members;
    try {
      members = groups.members(routed.group(), queue, routed.version()).join();
    } catch (CompletionException e) {
      warn(
          "Could not read the members of group '{}' from Redis ({} skipped so far); a message to it was not delivered: {}",
          routed.group(),
          e.getCause().getMessage());
      return;
    }
    members.forEach(member -> offer(member, routed, sentAt, now));
  }

  private void offer(String channel, Envelope.Routed routed, long sentAt, long now) {
    if (table.offer(channel, routed.message(), sentAt, now) == ChannelTable.Delivery.FULL) {
      counters.dropped(DropReason.CAPACITY, 1);
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

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
