package dev.channels.layer.memory;

import dev.channels.ChannelFullException;
import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerClosedException;
import dev.channels.ChannelLayerSettings;
import dev.channels.ChannelLayerStats;
import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.Extension;
import dev.channels.LayerSnapshot;
import dev.channels.Message;
import dev.channels.MessageTooLargeException;
import dev.channels.codec.MessagePackCodec;
import dev.channels.internal.ChannelIds;
import dev.channels.internal.Counters;
import dev.channels.internal.Names;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A channel layer inside one JVM: the default when no broker is configured, and the quickest layer
 * for tests. Messages are handed over by reference (they are immutable), so a group send costs one
 * queue operation per member and no copying.
 *
 * <p>Each channel is a bounded queue of its own; a receive waits without a thread, as a pending
 * future. Expired messages and memberships are dropped when met and by a sweep that runs on one
 * daemon thread per layer, so channels that nobody reads do not pile up.
 */
public final class InMemoryChannelLayer implements ChannelLayer {

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final ChannelLayerSettings settings;
  private final InstantSource clock;
  private final String instanceId = ChannelIds.newInstanceId();
  private final long expiryMillis;
  private final ConcurrentHashMap<String, ChannelQueue> channels = new ConcurrentHashMap<>();
  private final GroupRegistry groups;
  private final Counters counters = new Counters();
  private final ScheduledExecutorService sweeper;
  private volatile boolean closed;

  /** A layer with the default settings. */
  public InMemoryChannelLayer() {
    this(ChannelLayerSettings.defaults());
  }

  /** A layer with the given settings. */
  public InMemoryChannelLayer(ChannelLayerSettings settings) {
    this(settings, InstantSource.system());
  }

  /** A layer that reads the time from {@code clock}; tests use it to make time pass. */
  InMemoryChannelLayer(ChannelLayerSettings settings, InstantSource clock) {
    this.settings = settings;
    this.clock = clock;
    this.expiryMillis = settings.expiry().toMillis();
    this.groups = new GroupRegistry(settings.groupExpiry().toMillis());
    this.sweeper = Executors.newSingleThreadScheduledExecutor(this::sweeperThread);
    long period = sweepPeriod(settings).toMillis();
    sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<Void> send(String channel, Message message) {
    Names.requireValidChannel(channel);
    if (closed) {
      return CompletableFuture.failedFuture(new ChannelLayerClosedException(toString()));
    }
    MessageTooLargeException tooLarge = checkSize(message);
    if (tooLarge != null) {
      return CompletableFuture.failedFuture(tooLarge);
    }
    Delivery delivery = deliver(channel, message, clock.millis());
    if (delivery == Delivery.FULL) {
      return CompletableFuture.failedFuture(
          new ChannelFullException(channel, settings.capacityOf(channel)));
    }
    count(delivery == Delivery.QUEUED ? 1 : 0, delivery == Delivery.HANDED_OVER ? 1 : 0);
    return DONE;
  }

  @Override
  public CompletableFuture<Message> receive(String channel) {
    Names.requireValidChannel(channel);
    if (closed) {
      return CompletableFuture.failedFuture(new ChannelLayerClosedException(toString()));
    }
    long now = clock.millis();
    while (true) {
      ChannelQueue queue = queueOf(channel);
      synchronized (queue) {
        if (queue.retired()) {
          continue;
        }
        dropExpired(queue, now);
        Message message = queue.poll();
        if (message != null) {
          retireIfIdle(queue);
          counters.receivedOne();
          return CompletableFuture.completedFuture(message);
        }
        ChannelQueue.Waiter waiter = new ChannelQueue.Waiter(this, queue);
        queue.addWaiter(waiter);
        return waiter;
      }
    }
  }

  @Override
  public String newChannel(String prefix) {
    return ChannelIds.newChannel(prefix, instanceId);
  }

  @Override
  public CompletableFuture<Void> groupAdd(String group, String channel) {
    Names.requireValidGroup(group);
    Names.requireValidChannel(channel);
    if (closed) {
      return CompletableFuture.failedFuture(new ChannelLayerClosedException(toString()));
    }
    groups.add(group, channel, clock.millis());
    return DONE;
  }

  @Override
  public CompletableFuture<Void> groupDiscard(String group, String channel) {
    Names.requireValidGroup(group);
    Names.requireValidChannel(channel);
    if (closed) {
      return CompletableFuture.failedFuture(new ChannelLayerClosedException(toString()));
    }
    groups.discard(group, channel);
    return DONE;
  }

  @Override
  public CompletableFuture<Void> groupSend(String group, Message message) {
    Names.requireValidGroup(group);
    if (closed) {
      return CompletableFuture.failedFuture(new ChannelLayerClosedException(toString()));
    }
    MessageTooLargeException tooLarge = checkSize(message);
    if (tooLarge != null) {
      return CompletableFuture.failedFuture(tooLarge);
    }
    long now = clock.millis();
    int[] outcomes = new int[Delivery.values().length];
    groups.forEachMember(group, now, member -> outcomes[deliver(member, message, now).ordinal()]++);
    counters.groupSent();
    count(outcomes[Delivery.QUEUED.ordinal()], outcomes[Delivery.HANDED_OVER.ordinal()]);
    if (outcomes[Delivery.FULL.ordinal()] > 0) {
      counters.dropped(DropReason.CAPACITY, outcomes[Delivery.FULL.ordinal()]);
    }
    return DONE;
  }

  @Override
  public CompletableFuture<Void> flush() {
    if (closed) {
      return CompletableFuture.failedFuture(new ChannelLayerClosedException(toString()));
    }
    groups.clear();
    for (ChannelQueue queue : channels.values()) {
      synchronized (queue) {
        queue.clear();
        retireIfIdle(queue);
      }
    }
    return DONE;
  }

  @Override
  public CompletableFuture<LayerSnapshot> snapshot() {
    Map<String, Integer> depths = new HashMap<>();
    for (ChannelQueue queue : channels.values()) {
      synchronized (queue) {
        if (!queue.retired()) {
          depths.put(queue.name, queue.size());
        }
      }
    }
    return CompletableFuture.completedFuture(new LayerSnapshot(groups.sizes(), depths));
  }

  @Override
  public Set<Extension> extensions() {
    return EnumSet.allOf(Extension.class);
  }

  @Override
  public ChannelLayerStats stats() {
    return counters;
  }

  @Override
  public ChannelLayerSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    sweeper.shutdownNow();
    ChannelLayerClosedException failure = new ChannelLayerClosedException(toString());
    for (ChannelQueue queue : channels.values()) {
      synchronized (queue) {
        queue.retire();
        queue.clear();
        channels.remove(queue.name, queue);
        queue.drainWaiters().forEach(waiter -> waiter.completeExceptionally(failure));
      }
    }
    groups.clear();
  }

  @Override
  public String toString() {
    return "InMemoryChannelLayer[" + instanceId + "]";
  }

  /** The name of the thread that sweeps this layer. */
  String sweeperThreadName() {
    return "channels-in-memory-sweeper-" + instanceId.substring(0, 8);
  }

  /** How many channels currently hold messages or waiters; for tests of memory use. */
  int channelCount() {
    return channels.size();
  }

  /** How many groups have members; for tests of memory use. */
  int groupCount() {
    return groups.groupCount();
  }

  /** Drops expired messages, idle channels and expired memberships everywhere. */
  void sweep() {
    long now = clock.millis();
    for (ChannelQueue queue : channels.values()) {
      synchronized (queue) {
        if (!queue.retired()) {
          dropExpired(queue, now);
          retireIfIdle(queue);
        }
      }
    }
    groups.sweep(now);
  }

  /** Called when a waiter is cancelled: it leaves its queue, which may then be idle. */
  void forget(ChannelQueue queue, ChannelQueue.Waiter waiter) {
    synchronized (queue) {
      queue.removeWaiter(waiter);
      if (!queue.retired()) {
        retireIfIdle(queue);
      }
    }
  }

  /** What became of one message offered to one channel. */
  private enum Delivery {
    HANDED_OVER,
    QUEUED,
    FULL
  }

  /**
   * Hands {@code message} to the oldest waiting receiver of {@code channel}, or queues it if the
   * channel has room. The waiter is completed outside the lock, so its callbacks run unlocked.
   */
  private Delivery deliver(String channel, Message message, long now) {
    while (true) {
      ChannelQueue queue = queueOf(channel);
      ChannelQueue.Waiter waiter;
      synchronized (queue) {
        if (queue.retired()) {
          continue;
        }
        waiter = queue.pollWaiter();
        if (waiter == null) {
          dropExpired(queue, now);
          return queue.offer(message, now) ? Delivery.QUEUED : Delivery.FULL;
        }
      }
      // A waiter cancelled between poll and complete refuses the message; try the next one.
      if (waiter.complete(message)) {
        return Delivery.HANDED_OVER;
      }
    }
  }

  private void count(int queued, int handedOver) {
    counters.sent(queued + handedOver);
    counters.received(handedOver);
  }

  private ChannelQueue queueOf(String channel) {
    ChannelQueue queue = channels.get(channel);
    return queue != null
        ? queue
        : channels.computeIfAbsent(
            channel, name -> new ChannelQueue(name, settings.capacityOf(name)));
  }

  // Callers hold the queue's monitor.
  private void retireIfIdle(ChannelQueue queue) {
    if (queue.idle()) {
      queue.retire();
      channels.remove(queue.name, queue);
    }
  }

  // Callers hold the queue's monitor.
  private void dropExpired(ChannelQueue queue, long now) {
    int expired = queue.dropSentBefore(now - expiryMillis);
    if (expired > 0) {
      counters.dropped(DropReason.EXPIRED, expired);
    }
  }

  private @Nullable MessageTooLargeException checkSize(Message message) {
    long size = MessagePackCodec.encodedSize(message);
    return size > settings.maxMessageSize()
        ? new MessageTooLargeException(message.type(), size, settings.maxMessageSize())
        : null;
  }

  private static Duration sweepPeriod(ChannelLayerSettings settings) {
    Duration shortest =
        settings.expiry().compareTo(settings.groupExpiry()) < 0
            ? settings.expiry()
            : settings.groupExpiry();
    Duration half = shortest.dividedBy(2);
    Duration floor = Duration.ofMillis(100);
    Duration ceiling = Duration.ofSeconds(30);
    return half.compareTo(floor) < 0 ? floor : half.compareTo(ceiling) > 0 ? ceiling : half;
  }

  private Thread sweeperThread(Runnable task) {
    Thread thread = new Thread(task, sweeperThreadName());
    thread.setDaemon(true);
    return thread;
  }
}
