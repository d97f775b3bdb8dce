package dev.channels.rabbitmq;

import com.rabbitmq.client.AMQP.BasicProperties;
import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.MalformedMessageException;
import dev.channels.Message;
import dev.channels.spi.DeliveryThreads;
import dev.channels.spi.LayerCounters;
import dev.channels.spi.LocalChannels;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Routes what arrives in the instance's queue, on the consumer's thread, in the queue's order: a
 * message for one of its channels into that channel; a group's message into each of its channels in
 * the group; a control message to {@link Controls}. What has expired on the way is dropped, what
 * cannot be read skipped; both are counted.
 */
final class Router {

  private final QueueNames names;
  private final LocalChannels table;
  private final Memberships memberships;
  private final InFlight inFlight;
  private final LayerCounters counters;
  private final Arrivals arrivals;
  private final InstantSource clock;
  private final long expiryMillis;
  private final long maxMessageSize;
  private final Controls controls;
  private final Consumer<String> unwanted;

  Router(
      QueueNames names,
      LocalChannels table,
      Memberships memberships,
      InFlight inFlight,
      LayerCounters counters,
      Arrivals arrivals,
      InstantSource clock,
      Limits limits,
      Controls controls,
      Consumer<String> unwanted) {
    this.names = names;
    this.table = table;
    this.memberships = memberships;
    this.inFlight = inFlight;
    this.counters = counters;
    this.arrivals = arrivals;
    this.clock = clock;
    this.expiryMillis = limits.expiryMillis();
    this.maxMessageSize = limits.maxMessageSize();
    this.controls = controls;
    this.unwanted = unwanted;
  }

  /** The layer's expiry and message size limit. */
  record Limits(long expiryMillis, long maxMessageSize) {}

  /** Routes one body of the instance's queue. */
  void route(byte[] body, BasicProperties properties) {
    long now = clock.millis();
    long sentAt = Arrivals.sentAt(properties, now);
    Wire.Routed routed;
    try {
      routed = Wire.decode(body, maxMessageSize);
    } catch (MalformedMessageException e) {
      arrivals.skipped(names.ownQueue(), e);
      return;
    }
    if (routed.control() != null) {
      controls.handle(routed.control(), now);
    } else if (routed.channel() != null) {
      DeliveryThreads.deliver(() -> toChannel(routed.channel(), routed.message(), sentAt, now));
    } else {
      DeliveryThreads.deliver(() -> toGroup(routed.group(), routed.message(), sentAt, now));
    }
  }

  private void toChannel(String channel, Message message, long sentAt, long now) {
    if (!names.isOwn(channel)) {
      arrivals.skipped(
          names.ownQueue(),
          new MalformedMessageException("it names a channel of another queue, " + channel));
    } else if (now - sentAt >= expiryMillis) {
      counters.dropped(DropReason.EXPIRED, 1);
    } else if (table.offer(channel, message, sentAt, now) == LocalChannels.Delivery.FULL) {
      counters.dropped(DropReason.CAPACITY, 1);
    }
    inFlight.arrived(channel);
  }

  private void toGroup(String group, Message message, long sentAt, long now) {
    List<String[]> expired = new ArrayList<>(0);
    List<String> members = memberships.members(group, now, expired);
    if (!expired.isEmpty()) {
      unwanted.accept(group);
    }
    if (members.isEmpty()) {
      return;
    }
    if (now - sentAt >= expiryMillis) {
      counters.dropped(DropReason.EXPIRED, members.size());
      return;
    }
    for (String member : members) {
      if (table.offer(member, message, sentAt, now) == LocalChannels.Delivery.FULL) {
        counters.dropped(DropReason.CAPACITY, 1);
      } else {
        counters.sent(1);
      }
    }
  }
}
