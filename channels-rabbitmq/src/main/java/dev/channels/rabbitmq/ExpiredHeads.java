package dev.channels.rabbitmq;

import com.rabbitmq.client.GetResponse;
import dev.channels.ChannelLayerException;
import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.spi.LayerCounters;
import java.time.InstantSource;

/**
 * Looks at a normal channel's queue on the layer's clock rather than the broker's. The broker drops
 * a message after {@code x-message-ttl} on its own clock; the layer's clock decides too (a test's
 * clock moves at will), so before a queue is counted full or measured, the messages at its head
 * that have expired on the layer's clock are taken out and counted as expired. Messages leave a
 * queue in the order they came, so only the head needs looking at. On the worker.
 */
final class ExpiredHeads {

  private final Admin admin;
  private final InstantSource clock;
  private final long expiryMillis;
  private final LayerCounters counters;

  ExpiredHeads(Admin admin, InstantSource clock, long expiryMillis, LayerCounters counters) {
    this.admin = admin;
    this.clock = clock;
    this.expiryMillis = expiryMillis;
    this.counters = counters;
  }

  /** Takes the expired messages at the head of {@code queue} out; returns how many. */
  int drop(String queue) {
    try {
      return admin.call(
          channel -> {
            int dropped = 0;
            while (true) {
              GetResponse head = channel.basicGet(queue, false);
              if (head == null) {
                break;
              }
              long now = clock.millis();
              if (now - Arrivals.sentAt(head.getProps(), now) < expiryMillis) {
                channel.basicReject(head.getEnvelope().getDeliveryTag(), true);
                break;
              }
              channel.basicAck(head.getEnvelope().getDeliveryTag(), false);
              dropped++;
            }
            counters.dropped(DropReason.EXPIRED, dropped);
            return dropped;
          });
    } catch (ChannelLayerException missing) {
      return 0;
    }
  }

  /**
   * How many unexpired messages {@code queue} holds; 0 if it does not exist. Counted before the
   * expired ones are taken out, as a message given back to the queue may not count again at once.
   */
  int count(String queue) {
    int count;
    try {
      count = admin.call(channel -> channel.queueDeclarePassive(queue)).getMessageCount();
    } catch (ChannelLayerException missing) {
      return 0;
    }
    return Math.max(0, count - drop(queue));
  }
}
