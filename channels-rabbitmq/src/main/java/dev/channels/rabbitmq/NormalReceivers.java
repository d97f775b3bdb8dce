package dev.channels.rabbitmq;

import com.rabbitmq.client.AMQP.BasicProperties;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.channels.ChannelLayerException;
import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.MalformedMessageException;
import dev.channels.Message;
import dev.channels.spi.DeliveryThreads;
import dev.channels.spi.LayerCounters;
import dev.channels.spi.LocalChannels;
import java.io.IOException;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives from normal channels, whose queues other processes may read too: a consumer on a
 * channel's queue runs only while a receiver of this instance waits, and takes one message at a
 * time (prefetch 1). A message that arrives when nobody here waits any more is not kept: the
 * consumer is cancelled and the message goes back to the queue for another reader. The consumers'
 * bookkeeping is the worker's; deliveries run on the client's consumer threads.
 */
final class NormalReceivers {

  private static final Logger log = LoggerFactory.getLogger(NormalReceivers.class);

  private final Admin admin;
  private final Topology topology;
  private final QueueNames names;
  private final LocalChannels table;
  private final Executor worker;
  private final Arrivals arrivals;
  private final LayerCounters counters;
  private final InstantSource clock;
  private final long expiryMillis;
  private final long maxMessageSize;
  private final Set<String> wanted = ConcurrentHashMap.newKeySet();
  private final Map<String, String> consumers = new HashMap<>();
  // Channels whose consumer holds a message nobody waited for, until it is given back: no new
  // consumer may start meanwhile, or it would take the messages behind it first.
  private final Set<String> holding = ConcurrentHashMap.newKeySet();
  private volatile @Nullable Channel channel;

  NormalReceivers(
      Admin admin,
      Topology topology,
      QueueNames names,
      LocalChannels table,
      Executor worker,
      Arrivals arrivals,
      LayerCounters counters,
      InstantSource clock,
      Router.Limits limits) {
    this.admin = admin;
    this.topology = topology;
    this.names = names;
    this.table = table;
    this.worker = worker;
    this.arrivals = arrivals;
    this.counters = counters;
    this.clock = clock;
    this.expiryMillis = limits.expiryMillis();
    this.maxMessageSize = limits.maxMessageSize();
  }

  /** A receiver waits on the normal channel {@code name}: consume from its queue. */
  void waiting(String name) {
    wanted.add(name);
    worker.execute(() -> start(name));
  }

  /** On the worker, on a new connection: consume again for every channel with receivers. */
  void attach(Connection connection) throws IOException {
    Channel consuming = connection.createChannel();
    consuming.basicQos(1);
    consumers.clear();
    channel = consuming;
    for (String name : wanted) {
      start(name);
    }
  }

  /** The connection ended, and the consumers with it. */
  void lost() {
    channel = null;
  }

  /** On the worker: cancels consumers nobody waits for, and forgets their channels. */
  void sweep() {
    for (String name : Set.copyOf(consumers.keySet())) {
      stopIfIdle(name);
    }
    wanted.removeIf(name -> !consumers.containsKey(name) && !table.hasWaiters(name));
  }

  /** The queues received from lately, for a census or a flush. */
  Set<String> queues() {
    Set<String> queues = new java.util.HashSet<>();
    wanted.forEach(name -> queues.add(names.queueOf(name)));
    return queues;
  }

  /** How many consumers run; for tests. */
  int consumerCount() {
    return consumers.size();
  }

  private void start(String name) {
    Channel consuming = channel;
    if (consuming == null
        || consumers.containsKey(name)
        || holding.contains(name)
        || !table.hasWaiters(name)) {
      return;
    }
    String queue = names.queueOf(name);
    try {
      admin.call(
          declaring -> {
            topology.declareNormal(declaring, queue, name);
            return null;
          });
      consumers.put(name, consuming.basicConsume(queue, false, new Consumer(consuming, name)));
    } catch (IOException | ChannelLayerException | com.rabbitmq.client.ShutdownSignalException e) {
      // The connection is going; the next one starts the consumer again.
      log.debug("Could not consume from normal channel '{}': {}", name, e.getMessage());
    }
  }

  private void stopIfIdle(String name) {
    if (!table.hasWaiters(name)) {
      stop(name, null, -1);
    }
  }

  private void stop(String name, @Nullable Channel held, long heldTag) {
    Channel consuming = channel;
    String tag = consumers.remove(name);
    try {
      if (consuming != null && tag != null) {
        consuming.basicCancel(tag);
      }
      if (held != null && held == consuming) {
        held.basicReject(heldTag, true);
      }
    } catch (IOException | com.rabbitmq.client.ShutdownSignalException e) {
      log.debug("Could not stop consuming normal channel '{}': {}", name, e.getMessage());
    }
    if (held != null) {
      holding.remove(name);
    }
    // A receiver that came meanwhile found the consumer still there, and waits for a new one.
    start(name);
  }

  /** One normal channel's consumer. */
  private final class Consumer extends DefaultConsumer {

    private final String name;

    Consumer(Channel channel, String name) {
      super(channel);
      this.name = name;
    }

    // The broker cancelled it (its queue was deleted): start anew, declaring the queue again.
    @Override
    public void handleCancel(String tag) {
      worker.execute(
          () -> {
            consumers.remove(name, tag);
            start(name);
          });
    }

    @Override
    public void handleDelivery(
        String tag, Envelope envelope, BasicProperties properties, byte[] body) throws IOException {
      long now = clock.millis();
      long sentAt = Arrivals.sentAt(properties, now);
      Wire.Plain plain;
      try {
        plain = Wire.decodePlain(body, maxMessageSize);
      } catch (MalformedMessageException e) {
        getChannel().basicAck(envelope.getDeliveryTag(), false);
        arrivals.skipped(names.queueOf(name), e);
        return;
      }
      if (now - sentAt >= expiryMillis) {
        getChannel().basicAck(envelope.getDeliveryTag(), false);
        counters.dropped(DropReason.EXPIRED, 1);
        return;
      }
      if (!table.hasWaiters(name)) {
        // Hold it (prefetch 1 stops the next) until the consumer is gone, then give it back.
        Channel held = getChannel();
        holding.add(name);
        worker.execute(() -> stop(name, held, envelope.getDeliveryTag()));
        return;
      }
      Message message = plain.message();
      DeliveryThreads.deliver(
          () -> {
            if (table.offer(name, message, sentAt, now) == LocalChannels.Delivery.FULL) {
              counters.dropped(DropReason.CAPACITY, 1);
            } else if (plain.fromGroup()) {
              // A group's message reached a member: counted here, where it arrives.
              counters.sent(1);
            }
          });
      getChannel().basicAck(envelope.getDeliveryTag(), false);
      if (!table.hasWaiters(name)) {
        worker.execute(() -> stopIfIdle(name));
      }
    }
  }
}
