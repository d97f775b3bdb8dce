package dev.channels.rabbitmq;

import dev.channels.ChannelLayerClosedException;
import dev.channels.ChannelLayerException;
import dev.channels.ChannelLayerSettings;
import dev.channels.spi.LayerCounters;
import dev.channels.spi.LocalChannels;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;

/**
 * The parts of one RabbitMQ layer and their threads: a worker (requests to the broker,
 * reconnecting, sweeping; one at a time), one for publishes made on the connection's I/O thread
 * (see {@link Publisher}), and two that run the client's consumers. The layer itself only decides
 * what to do with each call.
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
  private final Memberships own;
  private final Memberships normal;
  private final NormalBindings normalBindings;
  private final NormalQueues normalQueues;
  private final Admin admin;
  private final ScheduledExecutorService worker;
  private final ExecutorService deferredPublishes;
  private final ExecutorService consumers;
  private final InstantSource clock;
  private final Executor onWorker = this::executeOnWorker;

  Components(
      LayerCounters counters,
      ChannelLayerSettings settings,
      RabbitLayerOptions options,
      AbstractConnectionFactory factory,
      InstantSource clock,
      QueueNames names) {
    this.clock = clock;
    this.names = names;
    String id = names.ownQueue().substring(QueueNames.QUEUE_PREFIX.length());
    this.worker = Executors.newSingleThreadScheduledExecutor(threads("worker", id));
    this.deferredPublishes = Executors.newSingleThreadExecutor(threads("publisher", id));
    this.consumers = Executors.newFixedThreadPool(2, threads("consumer", id));
    configure(factory, options);
    long expiry = settings.expiry().toMillis();
    this.table = new LocalChannels(settings::capacityOf, expiry, counters);
    this.own = new Memberships(settings.groupExpiry().toMillis());
    this.normal = new Memberships(settings.groupExpiry().toMillis());
    Topology topology = new Topology(options, settings, names.ownQueue());
    BrokerLink[] link = new BrokerLink[1];
    this.admin = new Admin(cause -> link[0].unavailable(cause));
    this.publisher = new Publisher(deferredPublishes, cause -> link[0].unavailable(cause));
    this.bindings = new Bindings(admin, own, names.ownQueue(), topology.exchange());
    this.normalBindings = new NormalBindings(admin, topology, names, normal);
    this.normalQueues =
        new NormalQueues(
            onWorker,
            (queue, channel) -> declare(topology, queue, channel),
            options.queueExpires().toNanos() / 2);
    this.sender = new Sender(names, topology, publisher, normalQueues);
    Arrivals arrivals = new Arrivals(counters);
    this.receivers =
        new NormalReceivers(
            admin,
            topology,
            names,
            table,
            onWorker,
            arrivals,
            counters,
            clock,
            expiry,
            settings.maxMessageSize());
    this.expiredHeads = new ExpiredHeads(admin, clock, expiry, counters);
    Census census =
        new Census(
            admin, topology, names, sender, this::members, table, this::usedQueues, clock::millis);
    Controls controls =
        new Controls(names, own, this::dropAllMemberships, table, inFlight, census, this::changed);
    Router router =
        new Router(
            names,
            table,
            own,
            inFlight,
            counters,
            arrivals,
            clock,
            new Router.Limits(expiry, settings.maxMessageSize()),
            controls,
            this::changed);
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
            onWorker,
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
            reason -> link[0].restart(reason),
            worker);
    this.link = new BrokerLink(factory, worker, session);
    link[0] = this.link;
    long sweep = sweepPeriod(settings).toMillis();
    worker.scheduleWithFixedDelay(() -> sweep(options), sweep, sweep, TimeUnit.MILLISECONDS);
  }

  /**
   * Runs {@code task} on the worker; its future fails as a closed layer's once the layer closes.
   */
  <T> CompletableFuture<T> onWorker(Supplier<T> task) {
    try {
      return CompletableFuture.supplyAsync(task, worker);
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
    worker.shutdownNow();
    deferredPublishes.shutdown();
    consumers.shutdownNow();
  }

  /** The exception a failed stage stands for, without the wrapping of the stage. */
  static RuntimeException unwrap(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
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
    factory.setExecutor(consumers);
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

  // The memberships of this instance's channels and of the normal channels it added.
  private Map<String, List<String>> members(long now) {
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

  // A flush: every membership goes, and the bindings with it.
  private void dropAllMemberships() {
    Set<String> groups = new HashSet<>(own.groups());
    own.clear();
    List<String[]> added = normal.clear();
    executeOnWorker(
        () -> {
          groups.forEach(this::reconcile);
          normalBindings.unbindAll(added);
        });
  }

  private void changed(String group) {
    executeOnWorker(() -> reconcile(group));
  }

  private void reconcile(String group) {
    try {
      bindings.reconcile(group);
    } catch (ChannelLayerException e) {
      // Away: the next connection makes every binding as wanted.
      log.debug("Could not bind or unbind group {}: {}", group, e.getMessage());
    }
  }

  private Set<String> usedQueues() {
    Set<String> queues = new HashSet<>(normalQueues.queues());
    queues.addAll(receivers.queues());
    return queues;
  }

  private void sweep(RabbitLayerOptions options) {
    try {
      long now = clock.millis();
      table.sweep(now);
      own.expire(now).forEach(membership -> reconcile(membership[0]));
      normalBindings.unbindAll(normal.expire(now));
      receivers.sweep();
      normalQueues.forgetIdle(options.queueExpires().toNanos() / 2);
    } catch (RuntimeException e) {
      log.warn("The RabbitMQ layer's sweep failed; it runs again shortly", e);
    }
  }

  private void executeOnWorker(Runnable task) {
    try {
      worker.execute(task);
    } catch (RejectedExecutionException closing) {
      task.run();
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

  private static ThreadFactory threads(String role, String id) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread =
          new Thread(
              task, "channels-rabbitmq-%s-%s-%d".formatted(role, id, count.incrementAndGet()));
      thread.setDaemon(true);
      return thread;
    };
  }
}
