package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import dev.channels.spring.ChannelConsumer;
import dev.channels.spring.ChannelHandler;
import dev.channels.spring.ConsumerSession;
import dev.channels.spring.OnText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A client that sends faster than its handler runs is slowed down, not closed: once {@code
 * max-queued-messages} wait, the server stops reading from it, and reads again as the handler
 * catches up. Its messages all arrive, in order; others chat meanwhile without losing a frame; and
 * a session's handlers run one at a time, in the order their events came. Default settings.
 */
@SpringBootTest(
    classes = InboundBackPressureTest.Consumers.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InboundBackPressureTest {

  private static final int FLOOD = 5_000;
  private static final int CHAT = 200;

  @LocalServerPort int port;
  @Autowired ConsumerEndpoints endpoints;
  @Autowired ChannelLayer layer;
  @Autowired Flood flood;
  @Autowired Recorder recorder;

  @Test
  void aClientFloodingASlowHandlerIsSlowedNotClosedAndItsQueueStaysBounded() throws Exception {
    try (TestClient flooder = TestClient.connect(port, "/ws/flood/");
        TestClient alice = TestClient.connect(port, "/ws/talk/calm/");
        TestClient bob = TestClient.connect(port, "/ws/talk/calm/")) {
      Awaitility.await().until(() -> endpoints.liveSessions().size() == 3);
      QueueWatch watch = QueueWatch.of(session(Flood.class));
      ExecutorService clients = Executors.newFixedThreadPool(2);
      try {
        Future<?> flooding =
            clients.submit(
                () -> {
                  for (int n = 0; n < FLOOD; n++) {
                    flooder.send(n + ":" + "x".repeat(200));
                  }
                  return null;
                });
        Future<?> chatting =
            clients.submit(
                () -> {
                  for (int n = 0; n < CHAT; n++) {
                    alice.send("{\"message\": \"" + n + "\"}");
                  }
                  return null;
                });
        flooding.get();
        chatting.get();
      } finally {
        clients.shutdown();
      }
      for (TestClient reader : List.of(alice, bob)) {
        for (int n = 0; n < CHAT; n++) {
          assertThat(reader.nextText()).isEqualTo("{\"message\":\"" + n + "\"}");
        }
      }
      Awaitility.await().until(() -> flood.handled.get() == FLOOD);
      watch.stop();

      assertThat(flood.outOfOrder).as("flood messages handled out of order").isEmpty();
      assertThat(flooder.isOpen()).as("the flooding client is open").isTrue();
      assertThat(watch.pausedSeen()).as("reading from the flooder paused at least once").isTrue();
      // Whole messages are counted; one may be on its way in as reading pauses.
      assertThat(watch.mostWaiting()).as("most messages ever queued").isLessThanOrEqualTo(101);
    }
  }

  @Test
  void aSessionsHandlersRunOneAtATimeInTheOrderTheirEventsCame() throws Exception {
    try (TestClient client = TestClient.connect(port, "/ws/order/")) {
      Awaitility.await()
          .until(() -> layer.snapshot().join().groups().getOrDefault("ordered", 0) == 1);
      Thread groupSender =
          new Thread(
              () -> {
                for (int n = 0; n < 300; n++) {
                  layer.blocking().groupSend("ordered", Message.of("test.n", "n", n));
                }
              });
      groupSender.start();
      for (int n = 0; n < 300; n++) {
        client.send(Integer.toString(n));
      }
      groupSender.join();

      Awaitility.await()
          .until(() -> recorder.texts.size() == 300 && recorder.channel.size() == 300);
      assertThat(recorder.overlapped).as("handlers ran at the same time").isFalse();
      assertThat(recorder.texts).isEqualTo(numbers(300));
      assertThat(recorder.channel).isEqualTo(numbers(300));
    }
  }

  private SessionRuntime session(Class<?> consumer) {
    return endpoints.liveSessions().stream()
        .map(SessionRuntime.class::cast)
        .filter(session -> session.consumer().type == consumer)
        .findFirst()
        .orElseThrow();
  }

  private static List<Integer> numbers(int count) {
    List<Integer> numbers = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      numbers.add(n);
    }
    return numbers;
  }

  /** Samples one session's inbound queue while a test runs: its deepest, and whether it paused. */
  private static final class QueueWatch {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger most = new AtomicInteger();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final Thread sampler;

    private QueueWatch(InboundMessages inbound) {
      this.sampler =
          new Thread(
              () -> {
                while (running.get()) {
                  most.accumulateAndGet(inbound.waiting(), Math::max);
                  if (inbound.paused()) {
                    paused.set(true);
                  }
                  LockSupport.parkNanos(100_000);
                }
              },
              "queue-watch");
      sampler.setDaemon(true);
      sampler.start();
    }

    static QueueWatch of(SessionRuntime session) {
      return new QueueWatch(session.inbound());
    }

    void stop() throws InterruptedException {
      running.set(false);
      sampler.join();
    }

    int mostWaiting() {
      return most.get();
    }

    boolean pausedSeen() {
      return paused.get();
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({Flood.class, Talk.class, Recorder.class})
  static class Consumers {}

  /** A handler slower than its client: 100 µs of work per message. */
  @ChannelConsumer("/ws/flood/")
  static class Flood {
    final AtomicInteger handled = new AtomicInteger();
    final List<String> outOfOrder = new CopyOnWriteArrayList<>();

    @OnText
    void receive(String text) {
      int n = Integer.parseInt(text.substring(0, text.indexOf(':')));
      if (n != handled.get()) {
        outOfOrder.add(handled.get() + " then " + n);
      }
      LockSupport.parkNanos(100_000); // the handler's own work, not a wait for anything
      handled.incrementAndGet();
    }
  }

  record ChatInput(String message) {}

  /** The tutorial's chat. */
  @ChannelConsumer(path = "/ws/talk/{room}/", groups = "talk_{room}")
  static class Talk {
    @OnText
    void receive(ConsumerSession session, ChatInput input, @PathVariable String room) {
      session.groupSend("talk_" + room, Message.of("chat.message", "message", input.message()));
    }

    @ChannelHandler("chat.message")
    void chatMessage(ConsumerSession session, ChatInput event) {
      session.sendJson(Map.of("message", event.message()));
    }
  }

  /** Records what its handlers saw, and whether two of them ever ran at once. */
  @ChannelConsumer(path = "/ws/order/", groups = "ordered")
  static class Recorder {
    final List<Integer> texts = new CopyOnWriteArrayList<>();
    final List<Integer> channel = new CopyOnWriteArrayList<>();
    final AtomicInteger running = new AtomicInteger();
    volatile boolean overlapped;

    @OnText
    void receive(String text) {
      record(() -> texts.add(Integer.parseInt(text)));
    }

    @ChannelHandler("test.n")
    void numbered(Message message) {
      record(() -> channel.add(message.get("n", Long.class).intValue()));
    }

    private void record(Runnable step) {
      if (running.incrementAndGet() > 1) {
        overlapped = true;
      }
      LockSupport.parkNanos(20_000);
      step.run();
      running.decrementAndGet();
    }
  }
}
