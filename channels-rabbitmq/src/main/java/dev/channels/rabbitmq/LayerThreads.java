package dev.channels.rabbitmq;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one layer, named after its queue: a worker (requests to the broker, reconnecting,
 * sweeping; one at a time, so requests never cross), one for publishes made on the connection's I/O
 * thread (see {@link Publisher}), and two that run the client's consumers. All daemons.
 */
final class LayerThreads {

  final ScheduledExecutorService worker;
  final ExecutorService deferredPublishes;
  final ExecutorService consumers;

  /** Runs a task on the worker, or at once on the caller's thread once the layer is closed. */
  final Executor onWorker = this::onWorker;

  LayerThreads(String queue) {
    String id = queue.substring(QueueNames.QUEUE_PREFIX.length());
    this.worker = Executors.newSingleThreadScheduledExecutor(named("worker", id));
    this.deferredPublishes = Executors.newSingleThreadExecutor(named("publisher", id));
    this.consumers = Executors.newFixedThreadPool(2, named("consumer", id));
  }

  /** Stops them all. */
  void shutdown() {
    worker.shutdownNow();
    deferredPublishes.shutdown();
    consumers.shutdownNow();
  }

  private void onWorker(Runnable task) {
    try {
      worker.execute(task);
    } catch (RejectedExecutionException closing) {
      task.run();
    }
  }

  private static ThreadFactory named(String role, String id) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread =
          new Thread(
              task, "channels-rabbitmq-%s-%s-%d".formatted(role, id, count.incrementAndGet()));
      thread.setDaemon(true);
      return thread;
    };
  }
}
