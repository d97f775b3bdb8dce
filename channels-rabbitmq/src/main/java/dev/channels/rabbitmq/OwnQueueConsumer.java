package dev.channels.rabbitmq;

import com.rabbitmq.client.AMQP.BasicProperties;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.channels.MalformedMessageException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Consumes the instance's queue: each message is routed, then acked (in batches, {@link Acks}), one
 * at a time in the queue's order. Whatever goes wrong routing one message (a bug, most likely)
 * costs that message, counted, never the consumer.
 */
final class OwnQueueConsumer extends DefaultConsumer {

  private final Router router;
  private final Arrivals arrivals;
  private final String queue;
  private final Runnable cancelled;
  private final Acks acks;
  private final Redeliveries redeliveries;

  OwnQueueConsumer(
      Channel channel,
      Router router,
      Arrivals arrivals,
      String queue,
      Runnable cancelled,
      ScheduledExecutorService timer,
      Redeliveries redeliveries) {
    super(channel);
    this.redeliveries = redeliveries;
    this.acks = new Acks(channel, timer);
    this.router = router;
    this.arrivals = arrivals;
    this.queue = queue;
    this.cancelled = cancelled;
  }

  @Override
  public void handleDelivery(
      String consumerTag, Envelope envelope, BasicProperties properties, byte[] body) {
    if (!envelope.isRedeliver()
        || !redeliveries.alreadyRouted(Redeliveries.fingerprint(body, properties))) {
      try {
        router.route(body, properties);
      } catch (RuntimeException e) {
        arrivals.skipped(queue, new MalformedMessageException("routing it failed: " + e, e));
      }
    }
    acks.routed(envelope.getDeliveryTag(), body, properties);
  }

  /** The fingerprints of messages routed but not acked yet. */
  long[] unacked() {
    return acks.unacked();
  }

  // The broker cancels a consumer whose queue was deleted; the layer starts over and declares it.
  @Override
  public void handleCancel(String consumerTag) {
    cancelled.run();
  }
}
