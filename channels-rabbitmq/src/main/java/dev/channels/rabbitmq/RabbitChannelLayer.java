package dev.channels.rabbitmq;

import dev.channels.ChannelFullException;
import dev.channels.ChannelLayerClosedException;
import dev.channels.ChannelLayerSettings;
import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.Extension;
import dev.channels.InvalidSettingsException;
import dev.channels.LayerSnapshot;
import dev.channels.Message;
import dev.channels.spi.AbstractChannelLayer;
import dev.channels.spi.Names;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * A channel layer on RabbitMQ, for many application instances, with the exchange, queues, names and
 * messages of Django Channels' channels_rabbitmq: a Spring app and a Django app on one virtual host
 * share groups and process-local channels. Built on Spring AMQP, on one connection per instance (a
 * channel to publish on with publisher confirms, one to consume the instance's queue on, one for
 * the consumers of normal channels, and one for requests), whatever the number of channels and
 * groups. Beyond channels_rabbitmq: normal channels, flush, group expiry, per-channel capacity, and
 * a queue that outlives a reconnect, with the instance's group bindings restored from its own
 * memberships.
 *
 * <pre>{@code
 * RabbitChannelLayer layer = RabbitChannelLayer.builder()
 *     .uri("amqp://guest:guest@localhost:5672")
 *     .build();
 * }</pre>
 */
public final class RabbitChannelLayer extends AbstractChannelLayer {

  private final InstantSource clock;
  private final QueueNames names;
  private final Components parts;

  private RabbitChannelLayer(Builder builder) {
    super(builder.settings);
    this.clock = builder.clock;
    this.names = new QueueNames(builder.options.queuePrefix());
    checkQueueExpires(builder.settings, builder.options);
    AbstractConnectionFactory factory =
        builder.factory != null ? builder.factory : new CachingConnectionFactory(builder.uri);
    this.parts =
        new Components(counters(), builder.settings, builder.options, factory, clock, names);
    parts.link.start(builder.firstConnectWait);
  }

  /** A builder; without a connection factory or URI it connects to amqp://localhost:5672. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected String newChannelName(String prefix) {
    return names.newChannel(prefix);
  }

  @Override
  protected CompletableFuture<Void> doSend(String channel, Message message, long size) {
    Wire.refuseReservedKeys(message);
    int capacity = settings().capacityOf(channel);
    boolean own = names.isOwn(channel);
    if (own && parts.table.depth(channel) + parts.inFlight.count(channel) >= capacity) {
      return CompletableFuture.failedFuture(new ChannelFullException(channel, capacity));
    }
    if (own) {
      parts.inFlight.sent(channel);
    }
    long sentAt = clock.millis();
    CompletableFuture<Boolean> published = parts.sender.toChannel(channel, message, size, sentAt);
    if (!Names.isProcessLocal(channel)) {
      published =
          published.thenCompose(
              acked -> acked ? done(true) : retryIfExpired(channel, message, size));
    }
    return closing(
        published.handle(
            (acked, failure) -> {
              if (own && (failure != null || !acked)) {
                parts.inFlight.arrived(channel);
              }
              if (failure != null) {
                throw Components.unwrap(failure);
              }
              if (!acked) {
                throw new ChannelFullException(channel, capacity);
              }
              counters().sent(1);
              return null;
            }));
  }

  // A normal channel's queue refused the message: if messages expired on the layer's clock fill it,
  // drop them (as the other backends do when they meet them) and publish once more.
  private CompletableFuture<Boolean> retryIfExpired(String channel, Message message, long size) {
    return parts
        .onWorker(() -> parts.expiredHeads.drop(names.queueOf(channel)))
        .thenCompose(
            dropped ->
                dropped > 0
                    ? parts.sender.toChannel(channel, message, size, clock.millis())
                    : done(false));
  }

  @Override
  protected CompletableFuture<Message> doReceive(String channel) {
    CompletableFuture<Message> next = parts.table.receive(channel, clock.millis());
    if (!next.isDone() && !QueueNames.isInstanceChannel(channel)) {
      parts.receivers.waiting(channel);
    }
    return next;
  }

  @Override
  protected CompletableFuture<Void> doGroupAdd(String group, String channel) {
    return closing(parts.groups.add(group, channel, clock.millis()));
  }

  @Override
  protected CompletableFuture<Void> doGroupDiscard(String group, String channel) {
    return closing(parts.groups.discard(group, channel, clock.millis()));
  }

  @Override
  protected CompletableFuture<Void> doGroupSend(String group, Message message, long size) {
    Wire.refuseReservedKeys(message);
    long now = clock.millis();
    return closing(
        parts
            .groups
            .expireNormal(group, now)
            .thenCompose(expired -> parts.sender.toGroup(group, message, size, now))
            .thenAccept(
                acked -> {
                  counters().groupSent();
                  if (!acked) {
                    // A queue of a member's instance was full; channels_rabbitmq skips it too.
                    counters().dropped(DropReason.CAPACITY, 1);
                  }
                }));
  }

  @Override
  protected CompletableFuture<Void> doFlush() {
    return closing(parts.snapshots.flush());
  }

  @Override
  public CompletableFuture<LayerSnapshot> snapshot() {
    return isClosed() ? closedFuture() : closing(parts.snapshots.take());
  }

  @Override
  public Set<Extension> extensions() {
    // Presence and excluding group sends need the group's members, which a RabbitMQ binding
    // does not tell: see docs/rabbitmq.md.
    return EnumSet.of(Extension.GROUPS, Extension.FLUSH);
  }

  @Override
  protected void doClose() {
    parts.close(new ChannelLayerClosedException(toString()));
  }

  @Override
  public String toString() {
    return "RabbitChannelLayer[" + parts.link.address() + ", " + names.ownQueue() + "]";
  }

  /** The name of this instance's queue, {@code channels_} and 12 letters. */
  public String queueName() {
    return names.ownQueue();
  }

  /** The broker's address and virtual host, for health reports; no credentials. */
  public String address() {
    return parts.link.address();
  }

  /** Whether the layer is connected to RabbitMQ and set up right now. */
  public boolean isConnected() {
    return parts.link.isUp();
  }

  /** Why the last attempt to connect failed, while not connected; else null. */
  public @Nullable String connectionFailure() {
    return parts.link.lastFailure();
  }

  /** Publisher confirms received so far. */
  public long confirms() {
    return parts.publisher.confirms();
  }

  /** Time from publish to confirm, summed over {@link #confirms()}, in nanoseconds. */
  public long confirmNanos() {
    return parts.publisher.confirmNanos();
  }

  /** How many groups the instance's queue is bound to; for tests. */
  int boundGroups() {
    return parts.onWorker(parts.bindings::boundCount).join();
  }

  /** How many normal channels this instance consumes from now; for tests. */
  int normalConsumers() {
    return parts.onWorker(parts.receivers::consumerCount).join();
  }

  /** Fails a future as a closed layer's call if the layer was closed meanwhile. */
  private <T> CompletableFuture<T> closing(CompletableFuture<T> result) {
    return result.exceptionallyCompose(
        failure -> isClosed() ? closedFuture() : CompletableFuture.failedFuture(failure));
  }

  private static CompletableFuture<Boolean> done(boolean acked) {
    return CompletableFuture.completedFuture(acked);
  }

  // A normal channel's queue must outlive the messages in it: it is declared again after half its
  // x-expires at the latest, and a message lives for the expiry.
  private static void checkQueueExpires(ChannelLayerSettings settings, RabbitLayerOptions options) {
    Duration needed = settings.expiry().multipliedBy(2);
    if (options.queueExpires().compareTo(needed) < 0) {
      throw new InvalidSettingsException(
          "queue-expires",
          "queue-expires (%s) must be at least twice the expiry (%s), so that a normal channel's queue outlives the messages in it; set it to %s or more."
              .formatted(options.queueExpires(), settings.expiry(), needed));
    }
  }

  /** Builds a {@link RabbitChannelLayer}. */
  public static final class Builder {

    private ChannelLayerSettings settings = ChannelLayerSettings.defaults();
    private RabbitLayerOptions options = RabbitLayerOptions.builder().build();
    private @Nullable AbstractConnectionFactory factory;
    private URI uri = URI.create("amqp://guest:guest@localhost:5672");
    private InstantSource clock = InstantSource.system();
    private Duration firstConnectWait = Duration.ofSeconds(10);

    private Builder() {}

    /** Sets the settings every backend shares. */
    public Builder settings(ChannelLayerSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Sets the RabbitMQ options: virtual host, groups exchange, queue prefix and expiry. */
    public Builder options(RabbitLayerOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Connects with {@code factory}, which the layer takes over: it makes the layer's one
     * connection, and the layer closes it. Spring Boot's auto-configuration passes one configured
     * from {@code spring.rabbitmq.*}.
     */
    public Builder connectionFactory(AbstractConnectionFactory factory) {
      this.factory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /**
     * Connects to {@code uri}, such as {@code amqp://guest:guest@localhost:5672} (virtual host "/")
     * or {@code amqp://guest:guest@localhost:5672/chat} (virtual host "chat"). As in every AMQP
     * URI, a path of "/" alone names the virtual host "", not "/".
     */
    public Builder uri(String uri) {
      this.uri = URI.create(uri);
      return this;
    }

    /** The time source; tests use it to make time pass. */
    Builder clock(InstantSource clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Connects and returns the layer, waiting a while for the first connection. A RabbitMQ that
     * cannot be reached yet does not stop it: the layer keeps connecting in the background, and its
     * operations fail with {@link dev.channels.BackendUnavailableException} until it is reached.
     *
     * @throws InvalidSettingsException if queue-expires is shorter than twice the expiry
     */
    public RabbitChannelLayer build() {
      return new RabbitChannelLayer(this);
    }
  }
}
