package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void runsTasksOneAtATimeInSubmissionOrder() {
    SerialExecutor serial = new SerialExecutor(pool);
    List<Integer> order = new CopyOnWriteArrayList<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();

    for (int i = 0; i < 1000; i++) {
      int n = i;
      serial.execute(
          () -> {
            if (running.incrementAndGet() > 1) {
              overlaps.incrementAndGet();
            }
            order.add(n);
            running.decrementAndGet();
          });
    }

    Awaitility.await().until(() -> order.size() == 1000);
    assertThat(order).isEqualTo(IntStream.range(0, 1000).boxed().toList());
    assertThat(overlaps).hasValue(0);
  }

  @Test
  void aPendingStageHoldsBackTheNextTask() {
    SerialExecutor serial = new SerialExecutor(pool);
    CompletableFuture<Void> gate = new CompletableFuture<>();
    List<String> order = new CopyOnWriteArrayList<>();

    serial.submit(() -> gate.thenRun(() -> order.add("first finished")));
    serial.execute(() -> order.add("second"));
    pool.execute(() -> gate.complete(null));

    Awaitility.await().until(() -> order.size() == 2);
    assertThat(order).containsExactly("first finished", "second");
  }

  @Test
  void aFailingTaskDoesNotStopTheQueue() {
    SerialExecutor serial = new SerialExecutor(pool);
    List<String> order = new CopyOnWriteArrayList<>();

    serial.execute(
        () -> {
          throw new IllegalStateException("boom");
        });
    serial.execute(() -> order.add("after"));

    Awaitility.await().until(() -> order.equals(List.of("after")));
  }
}
