package dev.channels.rabbitmq;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The queues of normal channels this instance sends to. A publish to a queue that does not exist is
 * lost, so a queue is declared before the first message to it, and again once half its {@code
 * x-expires} has passed since (publishing alone does not keep a queue: only consumers and
 * declarations do), so it outlives every message in it. While a declaration is on its way, later
 * publishes to that queue wait behind it in order; otherwise they go out at once, on the caller's
 * thread.
 */
final class NormalQueues {

  /** Declares one queue, on the worker; returns the failure, or null. */
  @FunctionalInterface
  interface Declaration {
    @Nullable RuntimeException declare(String queue, String channel);
  }

  private static final class Destination {
    // The state once everything queued so far is out: null, or why the declaration failed.
    CompletableFuture<@Nullable RuntimeException> tail = CompletableFuture.completedFuture(null);
    long declaredAtNanos;
    boolean declared;
    boolean forgotten;
  }

  private final Map<String, Destination> destinations = new ConcurrentHashMap<>();
  private final Executor worker;
  private final Declaration declaration;
  private final long renewNanos;

  /** Declares with {@code declaration} on {@code worker}, again after {@code renewNanos}. */
  NormalQueues(Executor worker, Declaration declaration, long renewNanos) {
    this.worker = worker;
    this.declaration = declaration;
    this.renewNanos = renewNanos;
  }

  /**
   * Runs {@code publish} (a publish to {@code queue}, the queue of {@code channel}) once the queue
   * is known to exist: at once, or after the declaration and the publishes queued before it.
   */
  CompletableFuture<Boolean> publish(
      String queue, String channel, Supplier<CompletableFuture<Boolean>> publish) {
    while (true) {
      Destination destination = destinations.computeIfAbsent(queue, name -> new Destination());
      synchronized (destination) {
        if (!destination.forgotten) {
          return publish(destination, queue, channel, publish);
        }
      }
    }
  }

  /** The queues sent to lately, for a census or a flush. */
  Set<String> queues() {
    return Set.copyOf(destinations.keySet());
  }

  /** Forgets every queue, so each is declared again before its next message. */
  void forgetAll() {
    destinations.forEach((queue, destination) -> forget(queue, destination, 0));
  }

  /** Forgets queues not declared for {@code idleNanos}. */
  void forgetIdle(long idleNanos) {
    destinations.forEach((queue, destination) -> forget(queue, destination, idleNanos));
  }

  private void forget(String queue, Destination destination, long idleNanos) {
    synchronized (destination) {
      if (destination.tail.isDone()
          && System.nanoTime() - destination.declaredAtNanos >= idleNanos) {
        destination.forgotten = true;
        destinations.remove(queue, destination);
      }
    }
  }

  // Holds the destination's monitor: publishes to one queue leave in the order they were made.
  private CompletableFuture<Boolean> publish(
      Destination destination,
      String queue,
      String channel,
      Supplier<CompletableFuture<Boolean>> publish) {
    if (destination.tail.isDone() && destination.tail.join() != null) {
      destination.declared = false; // the last declaration failed: try again
    }
    long now = System.nanoTime();
    if (!destination.declared || now - destination.declaredAtNanos >= renewNanos) {
      destination.declared = true;
      destination.declaredAtNanos = now;
      destination.tail =
          destination.tail.thenApplyAsync(previous -> declaration.declare(queue, channel), worker);
    }
    if (destination.tail.isDone()) {
      RuntimeException failure = destination.tail.join();
      return failure == null ? publish.get() : CompletableFuture.failedFuture(failure);
    }
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    destination.tail =
        destination.tail.thenApplyAsync(
            failure -> {
              if (failure != null) {
                result.completeExceptionally(failure);
              } else {
                publish.get().whenComplete((acked, e) -> relay(result, acked, e));
              }
              return failure;
            },
            worker);
    return result;
  }

  private static void relay(
      CompletableFuture<Boolean> result, @Nullable Boolean acked, @Nullable Throwable failure) {
    if (failure != null) {
      result.completeExceptionally(failure);
    } else {
      result.complete(acked);
    }
  }
}
