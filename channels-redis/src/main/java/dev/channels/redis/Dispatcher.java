package dev.channels.redis;

import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.MalformedMessageException;
import dev.channels.spi.DeliveryThreads;
import dev.channels.spi.LayerCounters;
import dev.channels.spi.LocalChannels;
import dev.channels.spi.Names;
import io.lettuce.core.ScoredValue;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes what the receive loops pop from Redis into this process's channels, right on the thread
 * that read it: no thread hop per message. Routing is synchronous unless a group's members must be
 * fetched first; then the rest of the batch, and later batches, continue when they arrive, in
 * order, without blocking the I/O thread. An expired entry is dropped; a malformed one, or one for
 * another instance's channel, is skipped, counted and logged with its key; none stops the loop.
 * Members that cannot be read are asked for again until the message expires.
 */
final class Dispatcher {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  private static final Backoff RETRIES = new Backoff(50, 1000);

  private final Framing framing;
  private final LocalChannels table;
  private final LocalGroups groups;
  private final LayerCounters counters;
  private final InstantSource clock;
  private final long expiryMillis;
  private final ScheduledExecutorService timer;
  private final RateLimit warnings = new RateLimit(Duration.ofSeconds(10));

  Dispatcher(
      Framing framing,
      LocalChannels table,
      LocalGroups groups,
      LayerCounters counters,
      InstantSource clock,
      long expiryMillis,
      ScheduledExecutorService timer) {
    this.framing = framing;
    this.table = table;
    this.groups = groups;
    this.counters = counters;
    this.clock = clock;
    this.expiryMillis = expiryMillis;
    this.timer = timer;
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
          counters.dropped(DropReason.MALFORMED),
          e.getMessage());
      return null;
    }
    if (routed.group() != null) {
      CompletableFuture<Set<String>> members =
          groups.members(routed.group(), queue, routed.version());
      if (!members.isDone() || members.isCompletedExceptionally()) {
        return deliverWhenKnown(queue, key, routed, sentAt, members, 0);
      }
      deliverToGroup(routed, members.getNow(Set.of()), sentAt, now);
    } else if (routed.toQueue()) {
      offer(queue, routed, sentAt, now);
    } else {
      for (String target : routed.targets()) {
        if (belongsTo(queue, target)) {
          offer(target, routed, sentAt, now);
        } else {
          misrouted(key, target);
        }
      }
    }
    return null;
  }

  // A process's queue holds its own channels only: a message that names another instance's channel
  // (or a normal one) would wait unread here until it expired, so it is dropped at once. A normal
  // queue's messages are left as they were: channels_redis delivers them to the queue's receiver.
  private static boolean belongsTo(String queue, String target) {
    return !Names.isProcessLocal(queue) || Names.nonLocalName(target).equals(queue);
  }

  private void misrouted(String key, String target) {
    counters.dropped(DropReason.MISROUTED, 1);
    warn(
        "Dropped a message in Redis key '{}' for channel '{}', which is not this instance's ({}"
            + " misrouted so far)",
        key,
        target,
        counters.dropped(DropReason.MISROUTED));
  }

  // The group's members come later, or could not be read (Redis away, or still loading its data):
  // the message waits for them, holding back the entries after it, and asks again with a growing
  // delay until it is delivered or its expiry passes. Then it is counted as expired, which is what
  // it is: a message that stayed undelivered for longer than the layer's expiry.
  private CompletableFuture<Void> deliverWhenKnown(
      String queue,
      String key,
      Envelope.Routed routed,
      long sentAt,
      CompletableFuture<Set<String>> members,
      int retries) {
    return members
        .handle(
            (found, failure) -> {
              if (failure == null) {
                DeliveryThreads.deliver(() -> deliverToGroupOrSkip(key, routed, found, sentAt));
                return DONE;
              }
              return retryOrExpire(queue, key, routed, sentAt, failure, retries);
            })
        .thenCompose(Function.identity());
  }

  private CompletableFuture<Void> retryOrExpire(
      String queue,
      String key,
      Envelope.Routed routed,
      long sentAt,
      Throwable failure,
      int retries) {
    String reason = Shard.unwrap(failure).getMessage();
    if (clock.millis() - sentAt >= expiryMillis) {
      counters.dropped(DropReason.EXPIRED, 1);
      warn(
          "A message to group '{}' expired before its members could be read from Redis"
              + " ({} expired so far): {}",
          routed.group(),
          counters.dropped(DropReason.EXPIRED),
          reason);
      return DONE;
    }
    if (retries == 0) {
      warn(
          "Could not read the members of group '{}' from Redis; its message waits and asks again"
              + " until it expires: {}",
          routed.group(),
          reason);
    }
    return later(
        () ->
            deliverWhenKnown(
                queue,
                key,
                routed,
                sentAt,
                groups.members(routed.group(), queue, routed.version()),
                retries + 1),
        retries);
  }

  private CompletableFuture<Void> later(Supplier<CompletableFuture<Void>> retry, int retries) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    long delay = RETRIES.delayMillis(retries);
    try {
      timer.schedule(
          () -> retry.get().whenComplete((ok, failure) -> done.complete(null)),
          delay,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      done.complete(null);
    }
    return done;
  }

  private void deliverToGroupOrSkip(
      String key, Envelope.Routed routed, Set<String> members, long sentAt) {
    try {
      deliverToGroup(routed, members, sentAt, clock.millis());
    } catch (RuntimeException e) {
      failed(key, e);
    }
  }

  private void deliverToGroup(Envelope.Routed routed, Set<String> members, long sentAt, long now) {
    if (now - sentAt >= expiryMillis) {
      counters.dropped(DropReason.EXPIRED, 1);
      return;
    }
    for (String member : members) {
      if (!routed.excluded().contains(member)) {
        offer(member, routed, sentAt, now);
      }
    }
  }

  private void offer(String channel, Envelope.Routed routed, long sentAt, long now) {
    if (table.offer(channel, routed.message(), sentAt, now) == LocalChannels.Delivery.FULL) {
      counters.dropped(DropReason.CAPACITY, 1);
    }
  }

  // Whatever goes wrong routing one entry (a bug, most likely) costs that entry, never the loop:
  // counted as malformed, since the entry could not be read into a delivery.
  private void failed(String key, RuntimeException e) {
    counters.dropped(DropReason.MALFORMED, 1);
    String format =
        "Skipped an entry of Redis key '{}' that could not be routed ({} skipped so far); the"
            + " receive loop goes on";
    if (warnings.tryAcquire()) {
      log.error(format, key, counters.dropped(DropReason.MALFORMED), e);
    } else {
      log.debug(format, key, counters.dropped(DropReason.MALFORMED), e);
    }
  }

  private void warn(String format, Object... args) {
    if (warnings.tryAcquire()) {
      log.warn(format, args);
    } else {
      log.debug(format, args);
    }
  }
}
