package dev.channels.rabbitmq;

import dev.channels.ChannelLayerException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Normal channels in groups: the channel's own queue is bound to the groups exchange with the group
 * as routing key, so a group's message lands in that queue in order with what is sent to the
 * channel directly, whichever instance reads it. The instance that added the membership keeps it
 * (in a {@link Memberships} of its own) to let it expire, to make the binding again after a broker
 * restart, and to count it in a census. On the worker.
 */
final class NormalBindings {

  private static final Logger log = LoggerFactory.getLogger(NormalBindings.class);

  private final Admin admin;
  private final Topology topology;
  private final QueueNames names;
  private final Memberships added;

  NormalBindings(Admin admin, Topology topology, QueueNames names, Memberships added) {
    this.admin = admin;
    this.topology = topology;
    this.names = names;
    this.added = added;
  }

  /** Binds {@code channel}'s queue (declaring it, if need be) to {@code group}. */
  void bind(String group, String channel) {
    String queue = names.queueOf(channel);
    admin.call(
        request -> {
          topology.declareNormal(request, queue, channel);
          return request.queueBind(queue, topology.exchange(), group);
        });
  }

  /** Unbinds {@code channel}'s queue from {@code group}; a queue already gone is no error. */
  void unbind(String group, String channel) {
    try {
      admin.call(
          request -> request.queueUnbind(names.queueOf(channel), topology.exchange(), group));
    } catch (ChannelLayerException e) {
      log.debug(
          "Could not unbind normal channel {} from group {}: {}", channel, group, e.getMessage());
    }
  }

  /** Unbinds each {@code [group, channel]} of {@code memberships}. */
  void unbindAll(List<String[]> memberships) {
    memberships.forEach(membership -> unbind(membership[0], membership[1]));
  }

  /** On a new connection: binds every live membership again (a restarted broker lost them). */
  void reconnected(long now) {
    for (Map.Entry<String, List<String>> group : added.census(now).entrySet()) {
      for (String channel : group.getValue()) {
        bind(group.getKey(), channel);
      }
    }
  }
}
