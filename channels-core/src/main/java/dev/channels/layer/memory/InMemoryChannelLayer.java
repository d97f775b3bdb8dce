package dev.channels.layer.memory;

import dev.channels.ChannelFullException;
import dev.channels.ChannelLayerClosedException;
import dev.channels.ChannelLayerSettings;
import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.Extension;
import dev.channels.LayerSnapshot;
import dev.channels.Message;
import dev.channels.Page;
import dev.channels.Presence;
import dev.channels.spi.AbstractChannelLayer;
import dev.channels.spi.Cursors;
import dev.channels.spi.LocalChannels;
import dev.channels.spi.LocalChannels.Delivery;
import dev.channels.spi.PresenceEntry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A channel layer inside one JVM: the default when no broker is configured, and the quickest layer
 * for tests. Messages are handed over by reference (they are immutable), so a group send costs one
 * queue operation per member and no copying.
 *
 * <p>Each channel is a bounded queue of its own; a receive waits without a thread, as a pending
 * future. Expired messages and memberships are dropped when met and by a sweep that runs on one
 * daemon thread per layer, so channels that nobody reads do not pile up. Expiry is measured on a
 * monotonic clock: setting the system clock neither expires everything at once nor keeps it for
 * hours.
 *
 * <p>It provides every {@link Extension}. Its presence lives as long as the process: there is no
 * other instance to outlive, so entries need no heartbeat, and closing the layer drops them.
 */
public final class InMemoryChannelLayer extends AbstractChannelLayer {

  private final InstantSource clock;
  private final LocalChannels channels;
  private final GroupRegistry groups;
  private final PresenceRegistry presence = new PresenceRegistry();
  private final ScheduledExecutorService sweeper;

  /** A layer with the default settings. */
  public InMemoryChannelLayer() {
    this(ChannelLayerSettings.defaults());
  }

  /** A layer with the given settings; expiry runs on a monotonic clock. */
  public InMemoryChannelLayer(ChannelLayerSettings settings) {
    this(settings, MonotonicClock.system());
  }

  /** A layer that reads the time from {@code clock}; tests use it to make time pass. */
  InMemoryChannelLayer(ChannelLayerSettings settings, InstantSource clock) {
    super(settings);
    this.clock = clock;
    this.channels =
        new LocalChannels(settings::capacityOf, settings.expiry().toMillis(), counters());
    this.groups = new GroupRegistry(settings.groupExpiry().toMillis());
    this.sweeper = Executors.newSingleThreadScheduledExecutor(this::sweeperThread);
    long period = sweepPeriod(settings).toMillis();
    sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  protected CompletableFuture<Void> doSend(String channel, Message message, long size) {
    long now = clock.millis();
    Delivery delivery = channels.offer(channel, message, now, now);
    if (delivery == Delivery.FULL) {
      return CompletableFuture.failedFuture(
          new ChannelFullException(channel, settings().capacityOf(channel)));
    }
    if (delivery == Delivery.CLOSED) {
      return closedFuture();
    }
    counters().sent(1);
    return done();
  }

  @Override
  protected CompletableFuture<Message> doReceive(String channel) {
    return channels.receive(channel, clock.millis());
  }

  @Override
  protected CompletableFuture<Void> doGroupAdd(String group, String channel) {
    groups.add(group, channel, clock.millis());
    return done();
  }

  @Override
  protected CompletableFuture<Void> doGroupDiscard(String group, String channel) {
    groups.discard(group, channel);
    return done();
  }

  @Override
  protected CompletableFuture<Void> doGroupSend(String group, Message message, long size) {
    return doGroupSendExcluding(group, message, size, Set.of());
  }

  @Override
  protected CompletableFuture<Void> doGroupSendExcluding(
      String group, Message message, long size, Set<String> excluded) {
    Fanout fanout = new Fanout(message, clock.millis(), excluded);
    groups.forEachMember(group, fanout.now, fanout);
    if (fanout.closed) {
      return closedFuture();
    }
    counters().groupSent();
    counters().sent(fanout.reached);
    if (fanout.full > 0) {
      counters().dropped(DropReason.CAPACITY, fanout.full);
    }
    return done();
  }

  @Override
  protected CompletableFuture<Long> doGroupSize(String group) {
    return CompletableFuture.completedFuture(groups.liveCount(group, clock.millis()));
  }

  @Override
  protected CompletableFuture<Page<String>> doGroupChannels(
      String group, @Nullable String after, int size) {
    Map.Entry<String, Long> cursor = null;
    if (after != null) {
      String[] parts = Cursors.parts(after, 2);
      cursor = Map.entry(parts[1], parseTime(parts[0], after));
    }
    List<Map.Entry<String, Long>> members = groups.page(group, clock.millis(), cursor, size);
    boolean more = members.size() > size;
    List<Map.Entry<String, Long>> page = more ? members.subList(0, size) : members;
    Map.Entry<String, Long> last = more ? page.get(size - 1) : null;
    return CompletableFuture.completedFuture(
        new Page<>(
            page.stream().map(Map.Entry::getKey).toList(),
            last == null ? null : Cursors.of(Long.toString(last.getValue()), last.getKey())));
  }

  @Override
  protected CompletableFuture<Boolean> doPresenceJoin(String group, PresenceEntry entry) {
    return CompletableFuture.completedFuture(presence.join(group, entry));
  }

  @Override
  protected CompletableFuture<@Nullable PresenceEntry> doPresenceLeave(
      String group, String channel) {
    return CompletableFuture.completedFuture(presence.leave(group, channel));
  }

  @Override
  protected CompletableFuture<Page<Presence>> doPresence(
      String group, @Nullable String after, int size) {
    return CompletableFuture.completedFuture(presence.page(group, after, size));
  }

  private static long parseTime(String text, String cursor) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'%s' is not a cursor of this listing: pass the next() of the page before, unchanged."
              .formatted(cursor),
          e);
    }
  }

  @Override
  protected CompletableFuture<Void> doFlush() {
    presence.clear();
    groups.clear();
    channels.clearMessages();
    return done();
  }

  @Override
  public CompletableFuture<LayerSnapshot> snapshot() {
    // What has expired but not yet been swept is gone to every reader; the snapshot says so too.
    sweep();
    return CompletableFuture.completedFuture(new LayerSnapshot(groups.sizes(), channels.depths()));
  }

  @Override
  public Set<Extension> extensions() {
    return EnumSet.allOf(Extension.class);
  }

  @Override
  protected void doClose() {
    sweeper.shutdownNow();
    channels.close(new ChannelLayerClosedException(toString()));
    groups.clear();
    presence.clear();
  }

  @Override
  public String toString() {
    return "InMemoryChannelLayer[" + instanceId() + "]";
  }

  /** The clock expiry is measured on; for tests. */
  InstantSource clock() {
    return clock;
  }

  /** The name of the thread that sweeps this layer. */
  String sweeperThreadName() {
    return "channels-in-memory-sweeper-" + instanceId().substring(0, 8);
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
    channels.sweep(now);
    groups.sweep(now);
  }

  // A future of its own for every call: a caller may obtrude a value on it, and no other caller
  // may see that.
  private static CompletableFuture<Void> done() {
    return CompletableFuture.completedFuture(null);
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

  /** Offers one group message to each member in turn, counting what became of it. */
  private final class Fanout implements Consumer<String> {

    final Message message;
    final long now;
    final Set<String> excluded;
    int reached;
    int full;
    boolean closed;

    Fanout(Message message, long now, Set<String> excluded) {
      this.message = message;
      this.now = now;
      this.excluded = excluded;
    }

    @Override
    public void accept(String member) {
      if (excluded.contains(member)) {
        return;
      }
      switch (channels.offer(member, message, now, now)) {
        case FULL -> full++;
        case CLOSED -> closed = true;
        default -> reached++;
      }
    }
  }

  private Thread sweeperThread(Runnable task) {
    Thread thread = new Thread(task, sweeperThreadName());
    thread.setDaemon(true);
    return thread;
  }
}
