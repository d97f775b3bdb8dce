package dev.channels.test.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.LayerSnapshot;
import dev.channels.Message;
import dev.channels.spring.ChannelConsumer;
import dev.channels.spring.ChannelHandler;
import dev.channels.spring.ConsumerSession;
import dev.channels.spring.OnConnect;
import dev.channels.spring.OnDisconnect;
import dev.channels.spring.OnText;
import dev.channels.spring.consumer.ConsumerEndpoints;
import dev.channels.test.HeapGauge;
import dev.channels.test.websocket.WebSocketTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.socket.CloseStatus;

/**
 * Churn on a backend: rooms of clients connect, join the room's group, chat and leave, over and
 * over, for {@code soak.duration} (15 s unless told). Afterwards, once the JVM has settled, heap is
 * back within 5% of where it was after a warm-up, no thread is left behind, no session is open, no
 * group keeps a member, and the backend has nothing left of its own ({@link #leftovers}).
 */
public abstract class ChurnSoakContract {

  private static final Duration DURATION =
      DurationStyle.detectAndParse(System.getProperty("soak.duration", "15s"));
  private static final Duration WARM_UP = Duration.ofSeconds(5);
  private static final int CLIENTS_PER_ROOM = 10;

  /**
   * Pools that start threads on demand and keep them a while: Tomcat's request pool (ended after 60
   * s idle), and the JDK HTTP client's workers the test's clients use. They are printed, not
   * compared: a count a little above the warm-up's is the pool answering a busier moment, not a
   * leak.
   */
  private static final Set<String> ELASTIC =
      Set.of("http-nio-auto-#-exec-#", "HttpClient-#-Worker-#");

  /** The backend's name, for the report. */
  protected abstract String backend();

  /** Command-line arguments that put the application's default layer on the backend. */
  protected abstract List<String> applicationArguments();

  /**
   * Counts of what the backend keeps of its own, such as broker connections or keys; read after
   * warm-up and after churn, which must agree.
   */
  protected Map<String, Long> leftovers() {
    return Map.of();
  }

  /**
   * Thread names (numbers as {@code #}) of the backend's own elastic pools, to leave uncompared.
   */
  protected Set<String> elasticThreads() {
    return Set.of();
  }

  record Readings(long heap, Map<String, Integer> threads) {}

  @Test
  void churnLeavesNoHeapThreadsSessionsGroupsOrBackendStateBehind() {
    try (ConfigurableApplicationContext app = start()) {
      Readings before = warmUp(app);
      Map<String, Long> keptBefore = leftovers();
      int rounds = churn(app, DURATION);
      Readings after = settle(app, before);
      Map<String, Long> keptAfter = leftovers();
      LayerSnapshot layer = app.getBean(ChannelLayer.class).snapshot().join();
      report(
          rounds,
          before,
          after,
          "groups left: %s; backend: %s before, %s after"
              .formatted(layer.groups(), keptBefore, keptAfter));
      assertThat(layer.groups()).as("groups with members left").isEmpty();
      assertThat(keptAfter).as("what the backend keeps").isEqualTo(keptBefore);
      assertSettled(before, after);
    }
  }

  private ConfigurableApplicationContext start() {
    List<String> all = new ArrayList<>(List.of("--server.port=0", "--logging.level.root=WARN"));
    all.addAll(applicationArguments());
    return new SpringApplicationBuilder(ChurnApplication.class).run(all.toArray(String[]::new));
  }

  /**
   * Churns long enough for pools and caches to reach their working size, then reads. Some threads
   * start lazily and stay (a broker client's event loops start one thread per new connection up to
   * a fixed count), so a second, shorter churn follows before the threads are counted: a leak shows
   * as threads that keep coming with churn, not as the first ones a pool starts.
   */
  private static Readings warmUp(ConfigurableApplicationContext app) {
    churn(app, WARM_UP);
    long heap = settle(app).heap();
    churn(app, WARM_UP);
    return new Readings(heap, settle(app).threads());
  }

  private static Readings settle(ConfigurableApplicationContext app) {
    ConsumerEndpoints endpoints = app.getBean(ConsumerEndpoints.class);
    Room room = app.getBean(Room.class);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> endpoints.liveSessions().isEmpty() && room.connected.get() == 0);
    return new Readings(HeapGauge.settledHeap(), HeapGauge.threadsByName());
  }

  /**
   * Settles, then also gives threads that are on their way out (Tomcat's "WebSocket background
   * processing - stopping" ends a moment after the last session) up to 10 s to end.
   */
  private static Readings settle(ConfigurableApplicationContext app, Readings before) {
    Readings settled = settle(app);
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> noMoreThreadsThan(before.threads(), HeapGauge.threadsByName()));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // assertSettled names the threads that stayed.
    }
    return new Readings(settled.heap(), HeapGauge.threadsByName());
  }

  private static boolean noMoreThreadsThan(
      Map<String, Integer> before, Map<String, Integer> after) {
    return after.entrySet().stream()
        .allMatch(e -> e.getValue() <= before.getOrDefault(e.getKey(), 0));
  }

  private static int churn(ConfigurableApplicationContext app, Duration duration) {
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    Room room = app.getBean(Room.class);
    long end = System.nanoTime() + duration.toNanos();
    int rounds = 0;
    while (System.nanoTime() < end) {
      chatRound(port, "r" + (rounds % 50), room);
      rounds++;
    }
    return rounds;
  }

  /** A room's clients connect, each says one thing, each hears everything, and all leave. */
  private static void chatRound(int port, String roomName, Room room) {
    List<WebSocketTestClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < CLIENTS_PER_ROOM; i++) {
        clients.add(WebSocketTestClient.connect(port, "/ws/room/" + roomName + "/"));
      }
      Awaitility.await().until(() -> room.connected.get() == CLIENTS_PER_ROOM);
      for (int i = 0; i < clients.size(); i++) {
        clients.get(i).sendJson(Map.of("message", "hello from " + i));
      }
      for (WebSocketTestClient client : clients) {
        for (int i = 0; i < CLIENTS_PER_ROOM; i++) {
          client.receiveText(); // every client hears every message
        }
      }
    } finally {
      clients.forEach(WebSocketTestClient::close);
    }
    Awaitility.await().until(() -> room.connected.get() == 0);
  }

  private void report(int rounds, Readings before, Readings after, String extra) {
    System.out.printf(
        "[soak %s] %d rounds of %d clients (connect, join, chat, leave) in %s. Heap after"
            + " warm-up %s, after churn %s (%+.1f%%). Threads %d before, %d after. %s%n"
            + "  threads before: %s%n  threads after:  %s%n",
        backend(),
        rounds,
        CLIENTS_PER_ROOM,
        DURATION,
        HeapGauge.mib(before.heap()),
        HeapGauge.mib(after.heap()),
        100.0 * (after.heap() - before.heap()) / before.heap(),
        total(before.threads()),
        total(after.threads()),
        extra,
        before.threads(),
        after.threads());
  }

  private static int total(Map<String, Integer> threads) {
    return threads.values().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * Heap within 5% of the warm-up reading, and no kind of thread more numerous than it was then.
   * After full collections the heap of this application moves by well under 1% between readings.
   */
  private void assertSettled(Readings before, Readings after) {
    assertThat(after.heap()).isLessThanOrEqualTo((long) (before.heap() * 1.05));
    after.threads().entrySet().stream()
        .filter(e -> !ELASTIC.contains(e.getKey()) && !elasticThreads().contains(e.getKey()))
        .forEach(
            e ->
                assertThat(e.getValue())
                    .as("threads named %s", e.getKey())
                    .isLessThanOrEqualTo(before.threads().getOrDefault(e.getKey(), 0)));
  }

  /** The application the soak runs: one chat room consumer that counts its connections. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Room.class)
  static class ChurnApplication {}

  record ChatInput(String message) {}

  record ChatEvent(String message) {}

  @ChannelConsumer(path = "/ws/room/{room}/", groups = "room_{room}")
  static class Room {

    final AtomicInteger connected = new AtomicInteger();

    @OnConnect
    void connect(ConsumerSession session) {
      connected.incrementAndGet();
    }

    @OnText
    void receive(ConsumerSession session, ChatInput input, @PathVariable String room) {
      session.groupSend("room_" + room, Message.of("chat.message", "message", input.message()));
    }

    @ChannelHandler("chat.message")
    void chatMessage(ConsumerSession session, ChatEvent event) {
      session.sendJson(Map.of("message", event.message()));
    }

    @OnDisconnect
    void disconnect(ConsumerSession session, CloseStatus status) {
      connected.decrementAndGet();
    }
  }
}
