package dev.channels.rabbitmq;

import java.util.HashSet;
import java.util.Set;

/**
 * The instance queue's bindings to the groups exchange, kept equal to the groups its channels are
 * members of: bound on the first member, unbound after the last, as channels_rabbitmq does. Used on
 * the layer's worker only, one request at a time, so a bind and an unbind of one group never cross.
 */
final class Bindings {

  private final Admin admin;
  private final Memberships memberships;
  private final String queue;
  private final String exchange;
  private final Set<String> bound = new HashSet<>();
  // Bindings that may be there or not: after a failed request, or made on an earlier connection.
  private final Set<String> unsure = new HashSet<>();

  Bindings(Admin admin, Memberships memberships, String queue, String exchange) {
    this.admin = admin;
    this.memberships = memberships;
    this.queue = queue;
    this.exchange = exchange;
  }

  /** Binds or unbinds {@code group} as the memberships want; on the worker. */
  void reconcile(String group) {
    boolean wanted = memberships.has(group);
    boolean sure = !unsure.contains(group);
    if (wanted && (!bound.contains(group) || !sure)) {
      request(group, true);
    } else if (!wanted && (bound.contains(group) || !sure)) {
      request(group, false);
    }
  }

  /**
   * On a new connection: bindings of the old one may have survived (the broker kept the queue) or
   * not (it restarted and lost the exchange), so every group is made as wanted again, from the
   * instance's own memberships.
   */
  void reconnected() {
    unsure.addAll(bound);
    bound.clear();
    unsure.addAll(memberships.groups());
    for (String group : Set.copyOf(unsure)) {
      reconcile(group);
    }
  }

  /** How many groups the queue is bound to; for tests. */
  int boundCount() {
    return bound.size();
  }

  private void request(String group, boolean bind) {
    unsure.add(group);
    bound.remove(group);
    admin.call(
        channel ->
            bind
                ? channel.queueBind(queue, exchange, group)
                : channel.queueUnbind(queue, exchange, group));
    unsure.remove(group);
    if (bind) {
      bound.add(group);
    }
  }
}
