package dev.channels.redis;

import dev.channels.ChannelFullException;
import dev.channels.ChannelLayerClosedException;
import dev.channels.ChannelLayerSettings;
import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.ChannelMessage;
import dev.channels.Extension;
import dev.channels.LayerSnapshot;
import dev.channels.Message;
import dev.channels.Page;
import dev.channels.Presence;
import dev.channels.spi.AbstractChannelLayer;
import dev.channels.spi.ChannelIds;
import dev.channels.spi.LocalChannels;
import dev.channels.spi.Names;
import dev.channels.spi.PresenceEntry;
import dev.channels.spi.PresenceEvents;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.resource.ClientResources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A channel layer on Redis, for many application instances, with the keys and messages of Django
 * Channels' channels_redis: a Spring app and a Django app on one Redis and prefix share channels
 * and groups. Built on Spring Data Redis with Lettuce; every operation is one round trip, sends
 * from many threads share one pipelined connection, and each instance reads its process-local
 * channels' queue in batches on a connection of its own.
 *
 * <pre>{@code
 * RedisChannelLayer layer = RedisChannelLayer.builder()
 *     .options(RedisLayerOptions.builder().hosts(List.of("redis://localhost:6379/0")).build())
 *     .build();
 * }</pre>
 */
public final class RedisChannelLayer extends AbstractChannelLayer {

  // A group's index unused this long is dropped; sending to the group again costs a round trip.
  private static final long UNUSED_INDEX_MILLIS = TimeUnit.MINUTES.toMillis(10);
  private static final long PRESENCE_GOODBYE_SECONDS = 5;

  private final InstantSource clock;
  private final RedisKeys keys;
  private final Scores scores = new Scores();
  private final RoundTrips roundTrips = new RoundTrips();
  private final byte[] messageTtl;
  private final ClientResources resources;
  private final Shards shards;
  private final Framing framing;
  private final LocalChannels table;
  private final LocalGroups localGroups;
  private final Memberships memberships = new Memberships();
  private final MembershipRestore restore;
  private final GroupRouter router;
  private final Dispatcher dispatcher;
  private final ScheduledExecutorService timer;
  private final ReceiveLoops loops;
  private final GroupListing listing;
  private final RedisPresence presence;

  private RedisChannelLayer(Builder builder) {
    super(builder.settings);
    ChannelLayerSettings settings = builder.settings;
    this.clock = builder.clock;
    RedisLayerOptions options = builder.options;
    this.messageTtl = ttl(settings.expiry().toSeconds());
    this.framing =
        new Framing(
            options.symmetricEncryptionKeys().isEmpty()
                ? null
                : new MessageCrypto(
                    options.symmetricEncryptionKeys(), settings.expiry(), builder.clock),
            settings.maxMessageSize());
    this.table = new LocalChannels(settings::capacityOf, settings.expiry().toMillis(), counters());
    this.timer =
        Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "channels-redis-timer"));
    this.resources = RedisConnectionFactories.resources();
    // Before connecting: a reconnect may come as soon as there is a connection.
    this.restore =
        new MembershipRestore(
            memberships,
            restorableGroups(),
            timer,
            clock,
            settings.groupExpiry().toMillis(),
            () -> !isClosed());
    List<Shard> connected = connect(builder, options);
    // On a cluster, names get hash tags, so the layout is known only once connected.
    this.keys =
        new RedisKeys(options.prefix(), connected.size() == 1 && connected.get(0).isCluster());
    this.shards = new Shards(connected, keys, this::countExpired);
    this.localGroups = new LocalGroups(keys, shards);
    this.router = new GroupRouter(keys, shards, framing, settings, counters(), scores, messageTtl);
    this.dispatcher =
        new Dispatcher(
            framing, table, localGroups, counters(), clock, settings.expiry().toMillis(), timer);
    this.listing = new GroupListing(keys, shards);
    this.presence =
        new RedisPresence(keys, shards, clock, instanceId(), settings, presenceEvents());
    long beat = settings.presenceHeartbeat().toMillis();
    timer.scheduleWithFixedDelay(presence::beat, beat, beat, TimeUnit.MILLISECONDS);
    long sweep = Math.max(100, Math.min(30_000, settings.expiry().toMillis() / 2));
    timer.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
    this.loops =
        new ReceiveLoops(
            instanceId(),
            shards,
            keys,
            dispatcher,
            timer,
            table,
            () -> !isClosed(),
            builder.idleReceiverTimeout);
  }

  private void sweep() {
    long now = clock.millis();
    table.sweep(now);
    router.forgetUnusedSince(now - UNUSED_INDEX_MILLIS);
    if (isConnected()) {
      restore.retryOwedDiscards();
    }
  }

  /** The port of the cluster master that owns {@code key}'s slot, as this layer sees it; tests. */
  int clusterOwnerPort(byte[] key) {
    return shards.all().get(0).clusterOwnerPort(ClusterTags.slot(key));
  }

  /** This layer's key names; for tests. */
  RedisKeys keys() {
    return keys;
  }

  /** How many groups' indexes this instance keeps to send to; for tests. */
  int cachedGroupIndexes() {
    return router.cachedIndexes();
  }

  /** How many groups' local members this instance keeps; for tests. */
  int localGroupViews() {
    return localGroups.size();
  }

  /** How many normal channels have a receive loop here; for tests. */
  int normalChannelReceivers() {
    return loops.normalChannels();
  }

  /** A builder; without hosts or connection factories it connects to redis://localhost:6379. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected CompletableFuture<Void> doSend(String channel, Message message, long size) {
    int capacity = settings().capacityOf(channel);
    boolean local = Names.isProcessLocal(channel);
    // This process buffers the channels it receives from; a full buffer refuses like a full queue.
    if (local && table.depth(channel) >= capacity) {
      return CompletableFuture.failedFuture(new ChannelFullException(channel, capacity));
    }
    byte[] payload =
        framing.frameInPlace(Envelope.direct(message, size, channel, local, framing.headroom()));
    Instant instant = clock.instant();
    return shards
        .writesFor(channel)
        .write(
            keys.queueOf(channel),
            scores.next(instant),
            scores.cutoff(instant.toEpochMilli() - settings().expiry().toMillis()),
            messageTtl,
            capacity,
            payload)
        .thenAccept(
            accepted -> {
              if (!accepted) {
                throw new ChannelFullException(channel, capacity);
              }
              counters().sent(1);
            });
  }

  @Override
  protected CompletableFuture<Message> doReceive(String channel) {
    CompletableFuture<Message> next = table.receive(channel, clock.millis());
    if (!next.isDone()) {
      loops.start(channel);
    }
    return next;
  }

  @Override
  protected CompletableFuture<Void> doGroupAdd(String group, String channel) {
    if (PresenceEvents.isEventsGroup(group) && isOwnChannel(channel)) {
      presence.subscribed(PresenceEvents.groupOfEvents(group), channel);
    }
    return addToGroup(group, channel, clock.instant());
  }

  @Override
  protected CompletableFuture<Void> doGroupDiscard(String group, String channel) {
    if (PresenceEvents.isEventsGroup(group)) {
      presence.unsubscribed(PresenceEvents.groupOfEvents(group), channel);
    }
    Long joined = isOwnChannel(channel) ? memberships.discarded(group, channel) : null;
    CompletableFuture<Void> discard = discardFromGroup(group, channel);
    if (joined != null) {
      // The caller hears of the failure; the restore after the next reconnect makes the discard.
      discard.whenComplete(
          (done, failure) -> {
            if (failure != null) {
              memberships.discardFailed(group, channel, joined);
            }
          });
    }
    return discard;
  }

  private CompletableFuture<Void> discardFromGroup(String group, String channel) {
    return shards
        .forName(group)
        .<List<Object>>run(
            Script.GROUP_DISCARD,
            ScriptOutputType.MULTI,
            new byte[][] {keys.group(group), keys.groupIndex(group)},
            RedisKeys.bytes(channel))
        .thenAccept(
            reply -> {
              if (isOwnChannel(channel)) {
                localGroups.discarded(
                    group,
                    Names.nonLocalName(channel),
                    channel,
                    Replies.text(reply.get(1)),
                    Replies.text(reply.get(2)));
              }
            });
  }

  @Override
  protected CompletableFuture<Void> doGroupSend(String group, Message message, long size) {
    return router.send(group, Envelope.of(message, size), clock.instant());
  }

  @Override
  protected CompletableFuture<Void> doGroupSendExcluding(
      String group, Message message, long size, Set<String> excluded) {
    return router.send(group, Envelope.of(message, size).excluding(excluded), clock.instant());
  }

  @Override
  protected CompletableFuture<List<ChannelMessage>> doSendMany(
      List<ChannelMessage> messages, long[] sizes) {
    return new BulkSend(this::queueWrite, shards, table, settings(), counters())
        .send(messages, sizes, clock.instant());
  }

  @Override
  protected CompletableFuture<Long> doGroupSize(String group) {
    return listing.size(group, clock.millis() - settings().groupExpiry().toMillis());
  }

  @Override
  protected CompletableFuture<Page<String>> doGroupChannels(
      String group, @Nullable String after, int size) {
    return listing.page(group, clock.millis() - settings().groupExpiry().toMillis(), after, size);
  }

  @Override
  protected CompletableFuture<Boolean> doPresenceJoin(String group, PresenceEntry entry) {
    return presence.join(group, entry);
  }

  @Override
  protected CompletableFuture<@Nullable PresenceEntry> doPresenceLeave(
      String group, String channel) {
    return presence.leave(group, channel);
  }

  @Override
  protected CompletableFuture<Page<Presence>> doPresence(
      String group, @Nullable String after, int size) {
    return presence.page(group, after, size);
  }

  private RedisPresence.Events presenceEvents() {
    return new RedisPresence.Events() {
      @Override
      public CompletableFuture<Void> joined(String group, List<PresenceEntry> entries) {
        return announceJoins(group, entries);
      }

      @Override
      public CompletableFuture<Void> left(
          String group, List<PresenceEntry> entries, String reason) {
        return announceLeaves(group, entries, reason);
      }
    };
  }

  // A direct send's queue entry, as doSend writes it.
  private QueueWrites.Request queueWrite(ChannelMessage item, long size, Instant instant) {
    String channel = item.channel();
    byte[] payload =
        framing.frameInPlace(
            Envelope.direct(
                item.message(), size, channel, Names.isProcessLocal(channel), framing.headroom()));
    return new QueueWrites.Request(
        keys.queueOf(channel),
        scores.next(instant),
        scores.cutoff(instant.toEpochMilli() - settings().expiry().toMillis()),
        messageTtl,
        settings().capacityOf(channel),
        payload);
  }

  /**
   * Stops as a killed process stops, for tests: presence heartbeats end and nothing is removed or
   * announced, then the connections are released.
   */
  void abandon() {
    presence.abandon();
    close();
  }

  @Override
  protected CompletableFuture<Void> doFlush() {
    List<CompletableFuture<Void>> deletions = new ArrayList<>();
    for (Shard shard : shards.all()) {
      deletions.add(
          KeyScan.forEachPage(
              shard,
              keys.everything(),
              page -> {
                byte[][] ours =
                    page.stream()
                        .filter(key -> keys.owner(key).kind() != RedisKeys.Kind.FOREIGN)
                        .toArray(byte[][]::new);
                return ours.length == 0
                    ? CompletableFuture.completedFuture(null)
                    : shard.call(
                        () ->
                            shard
                                .commands()
                                .unlink(ours)
                                .toCompletableFuture()
                                .thenApply(n -> null));
              }));
    }
    return CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new))
        .thenRun(
            () -> {
              table.clearMessages();
              presence.clear();
              localGroups.clear();
              memberships.clear();
              router.forgetAll();
            });
  }

  @Override
  public CompletableFuture<LayerSnapshot> snapshot() {
    long now = clock.millis();
    // Expired entries stay in Redis until a write meets them; a snapshot leaves them out.
    table.sweep(now);
    return new Census(keys, shards)
        .take(now - settings().expiry().toMillis(), now - settings().groupExpiry().toMillis())
        .thenApply(
            census -> {
              Map<String, Integer> channels = new java.util.HashMap<>(census.channels());
              table
                  .depths()
                  .forEach((channel, depth) -> channels.merge(channel, depth, Integer::sum));
              return new LayerSnapshot(census.groups(), channels);
            });
  }

  @Override
  public Set<Extension> extensions() {
    return EnumSet.allOf(Extension.class);
  }

  @Override
  protected void doClose() {
    leavePresence();
    loops.stopAll();
    table.close(new ChannelLayerClosedException(toString()));
    timer.shutdownNow();
    shards.close();
    resources.shutdown();
  }

  // A clean close takes this instance's presence away at once, and says so to subscribers; a Redis
  // that does not answer in time leaves it to time out, as a killed instance's would.
  private void leavePresence() {
    try {
      presence.leaveAll().get(PRESENCE_GOODBYE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      org.slf4j.LoggerFactory.getLogger(RedisChannelLayer.class)
          .warn(
              "Could not remove this instance's presence on close; it times out instead: {}",
              e.toString());
    }
  }

  @Override
  public String toString() {
    return "RedisChannelLayer[" + keys.prefix() + ", " + instanceId() + "]";
  }

  /** The addresses of the Redis hosts, for health reports; no credentials. */
  public List<String> addresses() {
    return shards.all().stream().map(Shard::address).toList();
  }

  /**
   * Members of the groups this instance sends to whose queue its last group send found full:
   * channels nobody reads (names of no running consumer) or consumers far behind. Each such message
   * is also counted as dropped for capacity.
   */
  public long unreadGroupMembers() {
    return router.unreadMembers();
  }

  /** Commands sent to Redis so far and their round-trip times, for monitoring. */
  public RoundTrips roundTrips() {
    return roundTrips;
  }

  /**
   * Why each Redis host that is not connected now last failed to connect, by address (as in {@link
   * #addresses()}), such as "Connection refused" or Redis's own refusal of a login; passwords are
   * masked. Empty while every host is connected.
   */
  public Map<String, String> connectionFailures() {
    Map<String, String> failures = new LinkedHashMap<>();
    for (Shard shard : shards.all()) {
      String failure = shard.lastFailure();
      if (!shard.isConnected() && failure != null) {
        failures.put(shard.address(), failure);
      }
    }
    return failures;
  }

  /** Whether every Redis host is connected right now. */
  public boolean isConnected() {
    return shards.all().stream().allMatch(Shard::isConnected);
  }

  private CompletableFuture<Void> addToGroup(String group, String channel, Instant instant) {
    if (isOwnChannel(channel)) {
      memberships.added(group, channel, instant.toEpochMilli());
    }
    return runGroupAdd(group, channel, scores.next(instant), false);
  }

  // ifAbsent: a restore's re-add, which leaves a membership Redis still has as it is.
  private CompletableFuture<Void> runGroupAdd(
      String group, String channel, byte[] score, boolean ifAbsent) {
    byte[][] args = {
      RedisKeys.bytes(channel),
      score,
      ttl(settings().groupExpiry().toSeconds()),
      RedisKeys.bytes(ChannelIds.newLocalId()),
      RedisKeys.bytes(ifAbsent ? "1" : "0")
    };
    return shards
        .forName(group)
        .<List<Object>>run(
            Script.GROUP_ADD,
            ScriptOutputType.MULTI,
            new byte[][] {keys.group(group), keys.groupIndex(group)},
            args)
        .thenAccept(
            reply -> {
              if (isOwnChannel(channel)) {
                localGroups.added(
                    group,
                    Names.nonLocalName(channel),
                    channel,
                    Replies.text(reply.get(1)),
                    Replies.text(reply.get(2)));
              }
            });
  }

  // After Redis comes back, perhaps without its data: put this instance's memberships back.
  private void restoreMemberships() {
    restore.start();
  }

  private MembershipRestore.Groups restorableGroups() {
    return new MembershipRestore.Groups() {
      @Override
      public CompletableFuture<Void> addIfAbsent(String group, String channel, byte[] score) {
        return runGroupAdd(group, channel, score, true);
      }

      @Override
      public CompletableFuture<Void> remove(String group, String channel) {
        return discardFromGroup(group, channel);
      }
    };
  }

  private void countExpired(long expired) {
    if (expired > 0) {
      counters().dropped(DropReason.EXPIRED, (int) expired);
    }
  }

  private List<Shard> connect(Builder builder, RedisLayerOptions options) {
    List<LettuceConnectionFactory> factories =
        builder.connections != null
            ? builder.connections.apply(resources)
            : RedisConnectionFactories.forOptions(options, resources, clientName());
    List<Shard> connected = new ArrayList<>();
    try {
      for (LettuceConnectionFactory factory : factories) {
        connected.add(
            new Shard(
                factory,
                options.commandTimeout(),
                () -> timer.execute(this::restoreMemberships),
                timer,
                roundTrips));
      }
    } catch (RuntimeException e) {
      connected.forEach(Shard::close);
      timer.shutdownNow();
      resources.shutdown();
      throw e;
    }
    if (connected.size() > 1 && connected.stream().anyMatch(Shard::isCluster)) {
      connected.forEach(Shard::close);
      timer.shutdownNow();
      resources.shutdown();
      throw new dev.channels.ChannelLayerException(
          "A Redis Cluster is one shard of its own; give the layer one cluster connection factory,"
              + " not several.");
    }
    return connected;
  }

  /**
   * The name each of this instance's cluster connections gives itself, so {@code CLIENT LIST} on a
   * node tells the instances apart.
   */
  String clientName() {
    return "channels-" + instanceId();
  }

  // A queue's time to live, in the whole seconds channels_redis gives it (at least one).
  private static byte[] ttl(long seconds) {
    return Long.toString(Math.max(1, seconds)).getBytes(StandardCharsets.UTF_8);
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  /** Builds a {@link RedisChannelLayer}. */
  public static final class Builder {

    private ChannelLayerSettings settings = ChannelLayerSettings.defaults();
    private RedisLayerOptions options = RedisLayerOptions.builder().build();
    private @Nullable Function<ClientResources, List<LettuceConnectionFactory>> connections;
    private InstantSource clock = InstantSource.system();
    private Duration idleReceiverTimeout = Duration.ofMinutes(1);

    private Builder() {}

    /** Sets the settings every backend shares. */
    public Builder settings(ChannelLayerSettings settings) {
      this.settings = settings;
      return this;
    }

    /** Sets the Redis options: hosts, prefix, encryption keys, Sentinel. */
    public Builder options(RedisLayerOptions options) {
      this.options = options;
      return this;
    }

    /**
     * Uses the factories {@code connections} makes, one per shard, instead of the hosts in the
     * options; the layer owns and closes them. Given the layer's client resources, for {@link
     * RedisConnectionFactories#derive}.
     */
    public Builder connections(
        Function<ClientResources, List<LettuceConnectionFactory>> connections) {
      this.connections = connections;
      return this;
    }

    /** How long a normal channel's receive loop keeps its connection with nobody waiting. */
    Builder idleReceiverTimeout(Duration timeout) {
      this.idleReceiverTimeout = timeout;
      return this;
    }

    /** The time source; tests use it to make time pass. */
    Builder clock(InstantSource clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Connects and returns the layer. A Redis that cannot be reached yet does not stop it: the
     * layer keeps connecting in the background, and its operations fail with {@link
     * dev.channels.BackendUnavailableException} until Redis answers.
     *
     * @throws dev.channels.ChannelLayerException if a host is a static master/replica setup, which
     *     the layer does not support
     */
    public RedisChannelLayer build() {
      return new RedisChannelLayer(this);
    }
  }
}
