package dev.channels.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.ShutdownSignalException;
import dev.channels.ChannelLayerException;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * What the layer sets up on each connection, in this order: the groups exchange and the instance's
 * queue (declared again, as after a broker restart they may be gone), every group binding the
 * instance's memberships want, the publisher's channel with confirms, the consumer of the
 * instance's queue, and the consumers of normal channels with receivers waiting. Until all of it is
 * done, the link does not count as up and sends fail fast. When the connection ends, publishing
 * stops at once.
 */
final class Session implements BrokerLink.Session {

  /** Prefetch of the instance queue's consumer: messages handed out before their acks. */
  static final int PREFETCH = 256;

  private final Admin admin;
  private final Topology topology;
  private final QueueNames names;
  private final Bindings bindings;
  private final NormalBindings normalBindings;
  private final java.time.InstantSource clock;
  private final Publisher publisher;
  private final NormalReceivers receivers;
  private final InFlight inFlight;
  private final Router router;
  private final Arrivals arrivals;
  private final Consumer<String> restart;
  private final java.util.concurrent.ScheduledExecutorService timer;
  private final Redeliveries redeliveries = new Redeliveries();
  private volatile @org.jspecify.annotations.Nullable OwnQueueConsumer ownConsumer;

  Session(
      Admin admin,
      Topology topology,
      QueueNames names,
      Bindings bindings,
      NormalBindings normalBindings,
      java.time.InstantSource clock,
      Publisher publisher,
      NormalReceivers receivers,
      InFlight inFlight,
      Router router,
      Arrivals arrivals,
      Consumer<String> restart,
      java.util.concurrent.ScheduledExecutorService timer) {
    this.admin = admin;
    this.topology = topology;
    this.names = names;
    this.bindings = bindings;
    this.normalBindings = normalBindings;
    this.clock = clock;
    this.publisher = publisher;
    this.receivers = receivers;
    this.inFlight = inFlight;
    this.router = router;
    this.arrivals = arrivals;
    this.restart = restart;
    this.timer = timer;
  }

  @Override
  public void open(Connection connection) throws IOException {
    admin.attach(connection);
    admin.call(
        channel -> {
          topology.declareOwn(channel);
          return null;
        });
    bindings.reconnected();
    normalBindings.reconnected(clock.millis());
    inFlight.clear();
    Channel publishing = connection.createChannel();
    watch(publishing, "the channel the layer publishes on");
    publisher.attach(publishing);
    Channel consuming = connection.createChannel();
    watch(consuming, "the channel the layer consumes its queue on");
    consuming.basicQos(PREFETCH);
    OwnQueueConsumer consumer =
        new OwnQueueConsumer(
            consuming,
            router,
            arrivals,
            names.ownQueue(),
            () -> restart.accept("the broker cancelled the consumer of the instance's queue"),
            timer,
            redeliveries);
    ownConsumer = consumer;
    consuming.basicConsume(names.ownQueue(), false, consumer);
    // Counted, never read: this consumer is how a census knows how many instances answer.
    consuming.basicConsume(topology.instancesQueue(), true, new DefaultConsumer(consuming));
    receivers.attach(connection);
  }

  @Override
  public void lost(ChannelLayerException cause) {
    OwnQueueConsumer ended = ownConsumer;
    if (ended != null) {
      ownConsumer = null;
      redeliveries.remember(ended.unacked());
    }
    publisher.detachAll(cause);
    admin.detach();
    receivers.lost();
  }

  // A channel the broker closed while the connection stays (it refused something on it): the
  // layer starts over on a new connection rather than run without it.
  private void watch(Channel channel, String role) {
    channel.addShutdownListener(
        (ShutdownSignalException signal) -> {
          if (!signal.isHardError() && !signal.isInitiatedByApplication()) {
            restart.accept(role + " was closed by the broker: " + BrokerLink.describe(signal));
          }
        });
  }
}
