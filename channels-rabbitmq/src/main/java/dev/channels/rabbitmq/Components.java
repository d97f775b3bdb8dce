package dev.channels.rabbitmq;

import dev.channels.ChannelLayerClosedException;
import dev.channels.ChannelLayerException;
import dev.channels.ChannelLayerSettings;
import dev.channels.spi.LayerCounters;
import dev.channels.spi.LocalChannels;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;

/**
 * The parts of one RabbitMQ layer, wired together, and their threads ({@link LayerThreads}). The
 * layer itself only decides what to do with each call.
 */
final class Components {

  private static final Logger log = LoggerFactory.getLogger(Components.class);

  final LocalChannels table;
  final InFlight inFlight = new InFlight();
  final Publisher publisher;
  final Bindings bindings;
  final Sender sender;
  final NormalReceivers receivers;
  final GroupOps groups;
  final Snapshots snapshots;
  final ExpiredHeads expiredHeads;
  final BrokerLink link;

  private final QueueNames names;
  private final LayerThreads threads;
  private final Admin admin;
  private final BrokerLink[] linkHolder = new BrokerLink[1];

  Components(
      LayerCounters counters,
      ChannelLayerSettings settings,
      RabbitLayerOptions options,
      AbstractConnectionFactory factory,
      InstantSource clock,
      QueueNames names) {
    this.names = names;
    this.threads = new LayerThreads(names.ownQueue());
    configure(factory, options);
    long expiry = settings.expiry().toMillis();
    this.table = new LocalChannels(settings::capacityOf, expiry, counters);
    Memberships own = new Memberships(settings.groupExpiry().toMillis());
    Memberships normal = new Memberships(settings.groupExpiry().toMillis());
    Topology topology = new Topology(options, settings, names.ownQueue());
    this.admin = new Admin(this::unavailable);
    this.publisher = new Publisher(threads.deferredPublishes, this::unavailable);
    this.bindings = new Bindings(admin, own, names.ownQueue(), topology.exchange());
    NormalBindings normalBindings = new NormalBindings(admin, topology, names, normal);
    long renew = options.queueExpires().toNanos() / 2;
    NormalQueues normalQueues =
        new NormalQueues(threads.onWorker, (q, c) -> declare(topology, q, c), renew);
    this.sender = new Sender(names, topology, publisher, normalQueues);
    Arrivals arrivals = new Arrivals(counters);
    Router.Limits limits = new Router.Limits(expiry, settings.maxMessageSize());
    this.receivers =
        new NormalReceivers(
            admin, topology, names, table, threads.onWorker, arrivals, counters, clock, limits);
    this.expiredHeads = new ExpiredHeads(admin, clock, expiry, counters);
    Upkeep upkeep =
        new Upkeep(
            own,
            normal,
            bindings,
            normalBindings,
            table,
            receivers,
            normalQueues,
            threads.onWorker,
            clock,
            renew);
    Census census =
        new Census(
            admin,
            topology,
            names,
            sender,
            upkeep::members,
            table,
            upkeep::usedQueues,
            clock::millis);
    Controls controls =
        new Controls(
            names, own, upkeep::dropAllMemberships, table, inFlight, census, upkeep::changed);
    Router router =
        new Router(
            names,
            table,
            own,
            inFlight,
            counters,
            arrivals,
            clock,
            limits,
            controls,
            upkeep::changed);
    this.groups =
        new GroupOps(
            names,
            own,
            normal,
            bindings,
            normalBindings,
            admin,
            topology,
            sender,
            this::onWorker,
            settings.capacity());
    this.snapshots =
        new Snapshots(
            census,
            sender,
            admin,
            expiredHeads,
            normalBindings,
            options.queuePrefix(),
            threads.onWorker,
            clock::millis);
    Session session =
        new Session(
            admin,
            topology,
            names,
            bindings,
            normalBindings,
            clock,
            publisher,
            receivers,
            inFlight,
            router,
            arrivals,
            this::restart,
            threads.worker);
    this.link = new BrokerLink(factory, threads.worker, session);
    linkHolder[0] = link;
    long sweep = sweepPeriod(settings).toMillis();
    threads.worker.scheduleWithFixedDelay(upkeep::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
  }

  /**
   * Runs {@code task} on the worker; its future fails as a closed layer's once the layer closes.
   */
  <T> CompletableFuture<T> onWorker(Supplier<T> task) {
    try {
      return CompletableFuture.supplyAsync(task, threads.worker);
    } catch (RejectedExecutionException closing) {
      return CompletableFuture.failedFuture(new ChannelLayerClosedException("the layer is closed"));
    }
  }

  /** Closes everything: waiters and pending publishes fail with {@code closed}. */
  void close(ChannelLayerClosedException closed) {
    link.closing();
    table.close(closed);
    publisher.detachAll(closed);
    try {
      onWorker(this::deleteOwnQueue).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.debug("Could not delete the queue {} on close: {}", names.ownQueue(), e.getMessage());
    }
    link.close();
    threads.shutdown();
  }

  /** The exception a failed stage stands for, without the wrapping of the stage. */
  static RuntimeException unwrap(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
  }

  private ChannelLayerException unavailable(@Nullable Throwable cause) {
    return linkHolder[0].unavailable(cause);
  }

  private void restart(String reason) {
    linkHolder[0].restart(reason);
  }

  private Void deleteOwnQueue() {
    if (admin.attached()) {
      admin.call(channel -> channel.queueDelete(names.ownQueue()));
    }
    return null;
  }

  private void configure(AbstractConnectionFactory factory, RabbitLayerOptions options) {
    if (options.virtualHost() != null) {
      factory.setVirtualHost(options.virtualHost());
    }
    factory.setExecutor(threads.consumers);
    String name = "spring-channels " + names.ownQueue();
    factory.setConnectionNameStrategy(connectionFactory -> name);
  }

  private @Nullable RuntimeException declare(Topology topology, String queue, String channel) {
    try {
      admin.call(
          request -> {
            topology.declareNormal(request, queue, channel);
            return null;
          });
      return null;
    } catch (ChannelLayerException e) {
      return e;
    }
  }

  private static Duration sweepPeriod(ChannelLayerSettings settings) {
    Duration shortest =
        settings.expiry().compareTo(settings.groupExpiry()) < 0
            ? settings.expiry()
            : settings.groupExpiry();
    long half = shortest.toMillis() / 2;
    return Duration.ofMillis(Math.max(100, Math.min(5_000, half)));
  }
}
