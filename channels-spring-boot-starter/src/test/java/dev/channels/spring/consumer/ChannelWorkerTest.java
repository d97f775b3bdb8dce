package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import dev.channels.spring.ChannelHandler;
import dev.channels.spring.ChannelWorker;
import dev.channels.spring.ConsumerSession;
import dev.channels.spring.autoconfigure.ChannelLayerAutoConfiguration;
import dev.channels.spring.autoconfigure.ChannelWorkerAutoConfiguration;
import dev.channels.spring.autoconfigure.ChannelsFailureAnalyzer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Worker channels, Django's runworker: a {@code @ChannelWorker} bean's handlers take the messages
 * of a normal channel by type, each once, several at a time, off the WebSocket path, in an
 * application that serves no WebSocket at all; stopping lets running handlers finish.
 */
class ChannelWorkerTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ChannelLayerAutoConfiguration.class, ChannelWorkerAutoConfiguration.class))
          .withUserConfiguration(Workers.class);

  @Test
  void eachMessageOfTheChannelIsHandledOnceByItsTypeSeveralAtATime() {
    runner.run(
        context -> {
          ChannelLayer layer = context.getBean(ChannelLayer.class);
          Thumbnails thumbnails = context.getBean(Thumbnails.class);

          for (int id = 0; id < 100; id++) {
            layer.send("thumbnails", Message.of("thumbnails.generate", "id", id)).join();
          }

          Awaitility.await().until(() -> thumbnails.generated.size() == 100);
          assertThat(thumbnails.generated.keySet()).hasSize(100);
          assertThat(thumbnails.generated.values()).allMatch(times -> times == 1);
          assertThat(thumbnails.threads).allMatch(name -> name.startsWith("channels-worker-"));
          assertThat(thumbnails.mostAtOnce.get()).isBetween(1, 3);
          assertThat(context.getBean(ChannelWorkers.class).slots()).isEqualTo(3);
        });
  }

  @Test
  void anInstanceWithWorkersTurnedOffTakesNothing() {
    runner
        .withPropertyValues("channels.worker.enabled=false")
        .run(
            context -> {
              ChannelLayer layer = context.getBean(ChannelLayer.class);
              layer.send("thumbnails", Message.of("thumbnails.generate", "id", 1)).join();

              assertThat(context.getBean(ChannelWorkers.class).slots()).isZero();
              assertThat(layer.blocking().receive("thumbnails", Duration.ofSeconds(1)))
                  .as("the message, still in the channel")
                  .contains(Message.of("thumbnails.generate", "id", 1));
            });
  }

  @Test
  void theConcurrencyOfAChannelCanBeSetByProperty() {
    runner
        .withPropertyValues("channels.worker.concurrency.[thumbnails]=5")
        .run(context -> assertThat(context.getBean(ChannelWorkers.class).slots()).isEqualTo(5));
  }

  @Test
  void stoppingTakesNoMoreMessagesAndLetsTheRunningHandlerFinish() throws Exception {
    runner
        .withUserConfiguration(SlowWork.class)
        .withPropertyValues("channels.worker.channels=slow-work")
        .run(
            context -> {
              ChannelLayer layer = context.getBean(ChannelLayer.class);
              Slow slow = context.getBean(Slow.class);
              layer.send("slow-work", Message.of("slow.run", "n", 1)).join();
              assertThat(slow.started.await(10, TimeUnit.SECONDS)).isTrue();

              context.getSourceApplicationContext().stop();
              layer.send("slow-work", Message.of("slow.run", "n", 2)).join();

              assertThat(slow.finished).containsExactly(1);
              assertThat(layer.blocking().receive("slow-work", Duration.ofSeconds(1)))
                  .as("the message sent after the stop, left for another worker")
                  .contains(Message.of("slow.run", "n", 2));
            });
  }

  @Test
  void aHandlerThatThrowsIsReportedAndTheWorkerGoesOn() {
    runner.run(
        context -> {
          ChannelLayer layer = context.getBean(ChannelLayer.class);
          Thumbnails thumbnails = context.getBean(Thumbnails.class);

          layer.send("thumbnails", Message.of("thumbnails.generate", "id", -1)).join();
          layer.send("thumbnails", Message.of("thumbnails.generate", "id", 7)).join();

          Awaitility.await().until(() -> thumbnails.generated.containsKey(7));
          Map<String, Long> errors = new ConcurrentHashMap<>();
          context
              .getBean(ChannelWorkers.class)
              .watchHandlerErrors(
                  (worker, handler, exception, count) ->
                      errors.put(handler + " " + exception, count.longValue()));
          assertThat(errors)
              .containsEntry("Thumbnails.generate() java.lang.IllegalArgumentException", 1L);
        });
  }

  @Test
  void aWorkerHandlerThatTakesASessionStopsStartupNamingIt() {
    runner
        .withUserConfiguration(SessionWorker.class)
        .run(
            context -> {
              FailureAnalysis analysis =
                  new ChannelsFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis).isNotNull();
              assertThat(analysis.getDescription())
                  .contains(
                      "Confused.handle() takes ConsumerSession, but a worker's messages come from no WebSocket session");
            });
  }

  record Generate(int id) {}

  @Configuration(proxyBeanMethods = false)
  static class Workers {
    @Bean
    Thumbnails thumbnails() {
      return new Thumbnails();
    }
  }

  @ChannelWorker(value = "thumbnails", concurrency = 3)
  static class Thumbnails {
    final Map<Integer, Integer> generated = new ConcurrentHashMap<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();

    @ChannelHandler("thumbnails.generate")
    void generate(Generate request) {
      if (request.id() < 0) {
        throw new IllegalArgumentException("no such picture: " + request.id());
      }
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      threads.add(Thread.currentThread().getName());
      generated.merge(request.id(), 1, Integer::sum);
      running.decrementAndGet();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class SlowWork {
    @Bean
    Slow slow() {
      return new Slow();
    }
  }

  @ChannelWorker("slow-work")
  static class Slow {
    final CountDownLatch started = new CountDownLatch(1);
    final List<Object> finished = new CopyOnWriteArrayList<>();

    // The work itself takes a while; the test stops the application while it runs.
    @ChannelHandler("slow.run")
    void run(Message message) throws InterruptedException {
      started.countDown();
      Thread.sleep(500);
      finished.add(((Number) message.get("n")).intValue());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class SessionWorker {
    @Bean
    Confused confused() {
      return new Confused();
    }
  }

  @ChannelWorker("confused")
  static class Confused {
    @ChannelHandler("confused.handle")
    void handle(ConsumerSession session, Message message) {}
  }
}
