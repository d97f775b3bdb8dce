package dev.channels.rabbitmq;

import com.rabbitmq.client.AMQP.BasicProperties;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import dev.channels.MalformedMessageException;
import java.io.IOException;

/**
 * Consumes the instance's queue: each message is routed, then acked, one at a time in the queue's
 * order. Whatever goes wrong routing one message (a bug, most likely) costs that message, counted,
 * never the consumer.
 */
final class OwnQueueConsumer extends DefaultConsumer {

  private final Router router;
  private final Arrivals arrivals;
  private final String queue;
  private final Runnable cancelled;

  OwnQueueConsumer(
      Channel channel, Router router, Arrivals arrivals, String queue, Runnable cancelled) {
    super(channel);
    this.router = router;
    this.arrivals = arrivals;
    this.queue = queue;
    this.cancelled = cancelled;
  }

  @Override
  public void handleDelivery(
      String consumerTag, Envelope envelope, BasicProperties properties, byte[] body) {
    try {
      router.route(body, properties);
    } catch (RuntimeException e) {
      arrivals.skipped(queue, new MalformedMessageException("routing it failed: " + e, e));
    }
    try {
      getChannel().basicAck(envelope.getDeliveryTag(), false);
    } catch (IOException | ShutdownSignalException e) {
      // The connection is going: the broker hands the message out again after the reconnect.
    }
  }

  // The broker cancels a consumer whose queue was deleted; the layer starts over and declares it.
  @Override
  public void handleCancel(String consumerTag) {
    cancelled.run();
  }
}
