package dev.channels.rabbitmq;

import com.rabbitmq.client.AMQP.BasicProperties;
import dev.channels.Message;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes what the layer sends, where channels_rabbitmq publishes it: a message for a channel to
 * the default exchange with the channel's queue as routing key (the part before the {@code !} of a
 * process-local channel), a group's message to the groups exchange with the group as routing key.
 * Every message carries its send time in a header, which Django peers ignore, so expiry is measured
 * on the sender's clock as in the other backends. Each future says whether the broker took the
 * message (true) or a full queue refused it (false).
 */
final class Sender {

  private final QueueNames names;
  private final Topology topology;
  private final Publisher publisher;
  private final NormalQueues normalQueues;

  Sender(QueueNames names, Topology topology, Publisher publisher, NormalQueues normalQueues) {
    this.names = names;
    this.topology = topology;
    this.publisher = publisher;
    this.normalQueues = normalQueues;
  }

  /**
   * Publishes {@code message} ({@code size} bytes encoded), sent at {@code sentAt}, to {@code
   * channel}.
   */
  CompletableFuture<Boolean> toChannel(String channel, Message message, long size, long sentAt) {
    String queue = names.queueOf(channel);
    BasicProperties properties = properties(sentAt);
    if (QueueNames.isInstanceChannel(channel)) {
      return publisher.publish("", queue, properties, Wire.toChannel(message, size, channel));
    }
    byte[] body = Wire.plain(message, size);
    return normalQueues.publish(
        queue, channel, () -> publisher.publish("", queue, properties, body));
  }

  /**
   * Publishes {@code message} ({@code size} bytes encoded), sent at {@code sentAt}, to {@code
   * group}.
   */
  CompletableFuture<Boolean> toGroup(String group, Message message, long size, long sentAt) {
    return publisher.publish(
        topology.exchange(), group, properties(sentAt), Wire.toGroup(message, size, group));
  }

  /** Publishes {@code control} through the groups exchange with {@code routingKey}. */
  CompletableFuture<Boolean> control(String routingKey, Control control, long sentAt) {
    return publisher.publish(
        topology.exchange(), routingKey, properties(sentAt), Control.encode(control));
  }

  /** Publishes {@code control} straight to {@code queue}. */
  CompletableFuture<Boolean> controlTo(String queue, Control control, long sentAt) {
    return publisher.publish("", queue, properties(sentAt), Control.encode(control));
  }

  private static BasicProperties properties(long sentAt) {
    return new BasicProperties.Builder().headers(Map.of(Topology.SENT_AT, sentAt)).build();
  }
}
