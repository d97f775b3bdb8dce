package dev.channels.spring.consumer;

import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one session's events one at a time, in submission order, on a shared pool, holding no thread
 * between events. A task that returns a {@link CompletionStage} holds back the next task until the
 * stage completes, so an asynchronous handler still sees events in order. After a batch the drain
 * hands its thread back to the pool, so a busy session cannot starve the others.
 */
final class SerialExecutor {

  private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);
  private static final int BATCH = 32;

  private final Executor pool;
  private final ArrayDeque<Supplier<? extends @Nullable CompletionStage<?>>> tasks =
      new ArrayDeque<>();
  private boolean scheduled;

  SerialExecutor(Executor pool) {
    this.pool = pool;
  }

  /** Queues {@code task}; a returned stage delays the next task until it completes. */
  void submit(Supplier<? extends @Nullable CompletionStage<?>> task) {
    synchronized (this) {
      tasks.add(task);
      if (scheduled) {
        return;
      }
      scheduled = true;
    }
    schedule();
  }

  /** Queues {@code task}, which finishes when it returns. */
  void execute(Runnable task) {
    submit(
        () -> {
          task.run();
          return null;
        });
  }

  private void schedule() {
    try {
      pool.execute(this::drain);
    } catch (RejectedExecutionException e) {
      // The application is shutting down: nothing will run these events any more.
      synchronized (this) {
        tasks.clear();
        scheduled = false;
      }
    }
  }

  private void drain() {
    for (int done = 0; done < BATCH; done++) {
      Supplier<? extends @Nullable CompletionStage<?>> task;
      synchronized (this) {
        task = tasks.poll();
        if (task == null) {
          scheduled = false;
          return;
        }
      }
      CompletionStage<?> pending = run(task);
      if (pending != null) {
        pending.whenComplete((result, failure) -> schedule());
        return;
      }
    }
    schedule();
  }

  private static @Nullable CompletionStage<?> run(
      Supplier<? extends @Nullable CompletionStage<?>> task) {
    try {
      return task.get();
    } catch (RuntimeException | Error e) {
      // Tasks report their own failures; this only keeps the queue alive if one did not.
      log.error("A consumer event failed outside its handler", e);
      return null;
    }
  }
}
