package dev.channels.rabbitmq;

import dev.channels.ChannelLayerException;
import dev.channels.spi.LocalChannels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Asks every Spring instance on the exchange what it holds, for a snapshot or a flush: group
 * membership lives only in the instances (and, as bindings, in the broker), so a census is the only
 * way to see it whole. The request goes through every instance's queue after what came before it,
 * so each answer includes every add and discard made before the census. How many instances answer
 * is known from the consumers of a queue every instance consumes from; a census that waits longer
 * than five seconds settles for the answers it has.
 */
final class Census {

  private static final Duration WAIT = Duration.ofSeconds(5);

  /** The answers of one census, gathered. */
  static final class Gathering {
    private final int expected;
    private final List<Control.CensusReply> replies = new ArrayList<>();
    private final CompletableFuture<List<Control.CensusReply>> done = new CompletableFuture<>();

    Gathering(int expected) {
      this.expected = expected;
    }

    private synchronized void add(Control.CensusReply reply) {
      replies.add(reply);
      if (replies.size() >= expected) {
        done.complete(List.copyOf(replies));
      }
    }

    private synchronized List<Control.CensusReply> sofar() {
      return List.copyOf(replies);
    }
  }

  private final Admin admin;
  private final Topology topology;
  private final QueueNames names;
  private final Sender sender;
  private final java.util.function.LongFunction<Map<String, List<String>>> members;
  private final LocalChannels table;
  private final Supplier<Set<String>> usedQueues;
  private final LongSupplier clock;
  private final Map<String, Gathering> gatherings = new ConcurrentHashMap<>();

  Census(
      Admin admin,
      Topology topology,
      QueueNames names,
      Sender sender,
      java.util.function.LongFunction<Map<String, List<String>>> members,
      LocalChannels table,
      Supplier<Set<String>> usedQueues,
      LongSupplier clock) {
    this.admin = admin;
    this.topology = topology;
    this.names = names;
    this.sender = sender;
    this.members = members;
    this.table = table;
    this.usedQueues = usedQueues;
    this.clock = clock;
  }

  /**
   * On the worker: asks every instance, and completes with their answers.
   *
   * @throws ChannelLayerException if the broker is away
   */
  CompletableFuture<List<Control.CensusReply>> take() {
    int expected =
        admin
            .call(channel -> channel.queueDeclarePassive(topology.instancesQueue()))
            .getConsumerCount();
    String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
    Gathering gathering = new Gathering(Math.max(1, expected));
    gatherings.put(id, gathering);
    sender
        .control(
            Control.EVERY_INSTANCE,
            new Control.CensusRequest(id, names.ownQueue()),
            clock.getAsLong())
        .whenComplete(
            (acked, failure) -> {
              if (failure != null) {
                gathering.done.completeExceptionally(failure);
              }
            });
    return gathering
        .done
        .completeOnTimeout(null, WAIT.toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(replies -> replies != null ? replies : gathering.sofar())
        .whenComplete((replies, failure) -> gatherings.remove(id));
  }

  /** On the consumer's thread: answers {@code request} with what this instance holds. */
  void answer(Control.CensusRequest request, long now) {
    Map<String, Long> depths = new LinkedHashMap<>();
    table.depths().forEach((channel, depth) -> depths.put(channel, (long) depth));
    Control.CensusReply reply =
        new Control.CensusReply(
            request.id(), members.apply(now), depths, List.copyOf(usedQueues.get()));
    sender.controlTo(request.replyTo(), reply, now);
  }

  /** On the consumer's thread: one instance's answer to a census of this instance's. */
  void gather(Control.CensusReply reply) {
    Gathering gathering = gatherings.get(reply.id());
    if (gathering != null) {
      gathering.add(reply);
    }
  }
}
