package dev.channels.rabbitmq;

import dev.channels.LayerSnapshot;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * Snapshot and flush, which need every instance: a census gathers each instance's members and
 * unread messages and the normal channels' queues any of them used; a snapshot adds up the members
 * and unread messages and measures those queues; a flush purges the queues, then has every instance
 * drop its memberships and unread messages, in order with what comes after it.
 */
final class Snapshots {

  private final Census census;
  private final Sender sender;
  private final Admin admin;
  private final ExpiredHeads heads;
  private final NormalBindings normalBindings;
  private final String queuePrefix;
  private final Executor worker;
  private final LongSupplier clock;

  Snapshots(
      Census census,
      Sender sender,
      Admin admin,
      ExpiredHeads heads,
      NormalBindings normalBindings,
      String queuePrefix,
      Executor worker,
      LongSupplier clock) {
    this.census = census;
    this.sender = sender;
    this.admin = admin;
    this.heads = heads;
    this.normalBindings = normalBindings;
    this.queuePrefix = queuePrefix;
    this.worker = worker;
    this.clock = clock;
  }

  /** What every instance holds now. */
  CompletableFuture<LayerSnapshot> take() {
    return gather().thenApplyAsync(this::addUp, worker);
  }

  /** Empties every normal channel's queue known, and every instance's groups and messages. */
  CompletableFuture<Void> flush() {
    return gather()
        .thenComposeAsync(
            replies -> {
              for (Control.CensusReply reply : replies) {
                reply.groups().forEach(this::unbindNormal);
              }
              for (String queue : queues(replies)) {
                purge(queue);
              }
              return sender.control(Control.EVERY_INSTANCE, new Control.Flush(), clock.getAsLong());
            },
            worker)
        .thenApply(acked -> null);
  }

  private CompletableFuture<List<Control.CensusReply>> gather() {
    return CompletableFuture.supplyAsync(census::take, worker).thenCompose(replies -> replies);
  }

  private LayerSnapshot addUp(List<Control.CensusReply> replies) {
    Map<String, Set<String>> members = new HashMap<>();
    Map<String, Integer> channels = new HashMap<>();
    for (Control.CensusReply reply : replies) {
      reply
          .groups()
          .forEach(
              (group, held) -> members.computeIfAbsent(group, g -> new HashSet<>()).addAll(held));
      reply
          .channels()
          .forEach((channel, depth) -> channels.merge(channel, depth.intValue(), Integer::sum));
    }
    for (String queue : queues(replies)) {
      int count = heads.count(queue);
      if (count > 0 && queue.startsWith(queuePrefix)) {
        channels.merge(queue.substring(queuePrefix.length()), count, Integer::sum);
      }
    }
    Map<String, Integer> groups = new HashMap<>();
    members.forEach((group, held) -> groups.put(group, held.size()));
    return new LayerSnapshot(groups, channels);
  }

  private static Set<String> queues(List<Control.CensusReply> replies) {
    Set<String> queues = new HashSet<>();
    replies.forEach(reply -> queues.addAll(reply.queues()));
    return queues;
  }

  // Normal channels' memberships are bindings of their queues: gone before the flush completes.
  private void unbindNormal(String group, List<String> channels) {
    for (String channel : channels) {
      if (!QueueNames.isInstanceChannel(channel)) {
        normalBindings.unbind(group, channel);
      }
    }
  }

  private void purge(String queue) {
    try {
      admin.call(channel -> channel.queuePurge(queue));
    } catch (dev.channels.ChannelLayerException missing) {
      // Gone already: nothing to purge.
    }
  }
}
