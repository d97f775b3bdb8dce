package dev.channels.rabbitmq;

import dev.channels.ChannelFullException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Group add and discard, by the kind of channel. A channel of this instance: its membership is kept
 * here, and the instance's queue bound to the group while it has members, as channels_rabbitmq
 * does. A channel of another instance: that instance's queue is bound to the group, and an {@link
 * Control.Add} (or {@link Control.Discard}) sent to it, which it carries out before any message
 * sent afterwards. A normal channel: its queue is bound to the group. Each completes once the
 * broker has what it needs, so a group send made afterwards reaches the member (or not).
 */
final class GroupOps {

  private final QueueNames names;
  private final Memberships own;
  private final Memberships normal;
  private final Bindings bindings;
  private final NormalBindings normalBindings;
  private final Admin admin;
  private final Topology topology;
  private final Sender sender;
  private final Function<Supplier<Void>, CompletableFuture<Void>> onWorker;
  private final int queueCapacity;

  GroupOps(
      QueueNames names,
      Memberships own,
      Memberships normal,
      Bindings bindings,
      NormalBindings normalBindings,
      Admin admin,
      Topology topology,
      Sender sender,
      Function<Supplier<Void>, CompletableFuture<Void>> onWorker,
      int queueCapacity) {
    this.names = names;
    this.own = own;
    this.normal = normal;
    this.bindings = bindings;
    this.normalBindings = normalBindings;
    this.admin = admin;
    this.topology = topology;
    this.sender = sender;
    this.onWorker = onWorker;
    this.queueCapacity = queueCapacity;
  }

  /** Adds {@code channel} to {@code group}, at {@code at} on the layer's clock. */
  CompletableFuture<Void> add(String group, String channel, long at) {
    if (names.isOwn(channel)) {
      own.add(group, channel, at);
      return work(() -> bindings.reconcile(group));
    }
    if (QueueNames.isInstanceChannel(channel)) {
      String queue = names.queueOf(channel);
      return work(() -> bindOtherInstance(queue, group))
          .thenCompose(bound -> tell(queue, channel, new Control.Add(group, channel, at), at));
    }
    normal.add(group, channel, at);
    return work(() -> normalBindings.bind(group, channel));
  }

  /** Removes {@code channel} from {@code group}. */
  CompletableFuture<Void> discard(String group, String channel, long at) {
    if (names.isOwn(channel)) {
      own.remove(group, channel);
      return work(() -> bindings.reconcile(group));
    }
    if (QueueNames.isInstanceChannel(channel)) {
      String queue = names.queueOf(channel);
      return tell(queue, channel, new Control.Discard(group, channel), at);
    }
    normal.remove(group, channel);
    return work(() -> normalBindings.unbind(group, channel));
  }

  /**
   * Before a group send: normal channels whose membership of {@code group} expired at {@code now}
   * leave it first, so the message does not reach them.
   */
  CompletableFuture<Void> expireNormal(String group, long now) {
    List<String[]> expired = new ArrayList<>(0);
    normal.members(group, now, expired);
    return expired.isEmpty()
        ? CompletableFuture.completedFuture(null)
        : work(() -> normalBindings.unbindAll(expired));
  }

  // The owner's queue is bound before it hears of the add, so the add's effect and the group's
  // later messages arrive in that order. A queue that is gone has no owner to tell.
  private void bindOtherInstance(String queue, String group) {
    try {
      admin.call(request -> request.queueBind(queue, topology.exchange(), group));
    } catch (Admin.Refused refused) {
      if (!refused.notFound()) {
        throw refused;
      }
    }
  }

  private CompletableFuture<Void> tell(String queue, String channel, Control control, long at) {
    return sender
        .controlTo(queue, control, at)
        .thenAccept(
            acked -> {
              if (!acked) {
                throw new ChannelFullException(channel, queueCapacity);
              }
            });
  }

  private CompletableFuture<Void> work(Runnable task) {
    return onWorker.apply(
        () -> {
          task.run();
          return null;
        });
  }
}
