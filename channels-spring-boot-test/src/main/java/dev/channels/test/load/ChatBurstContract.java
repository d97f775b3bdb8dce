package dev.channels.test.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Message;
import dev.channels.spring.ChannelConsumer;
import dev.channels.spring.ChannelHandler;
import dev.channels.spring.ConsumerSession;
import dev.channels.spring.OnDisconnect;
import dev.channels.spring.OnText;
import dev.channels.spring.consumer.ConsumerEndpoints;
import dev.channels.test.websocket.WebSocketTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.socket.CloseStatus;

/**
 * A chat under a burst, with default settings: in each room one client sends its messages as fast
 * as it can and every member reads everything the room broadcasts. Every frame reaches every client
 * that reads, in order, and nobody is closed; a client that stops reading is closed (4500) and
 * nobody else loses a frame. Counts, not times. A backend's test gives the arguments that put the
 * application's layer on it, and how many instances share the rooms.
 */
public abstract class ChatBurstContract {

  private static final int ROOMS = 2;
  private static final int CLIENTS_PER_ROOM = 10;
  private static final int MESSAGES = 300;

  private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
  private final List<WebSocketTestClient> clients = new ArrayList<>();

  /** Command-line arguments that put every instance's default layer on the backend. */
  protected abstract List<String> applicationArguments();

  /** How many instances of the application share the rooms; their clients alternate. */
  protected int instances() {
    return 1;
  }

  @AfterEach
  void stop() {
    clients.forEach(WebSocketTestClient::close);
    instances.forEach(ConfigurableApplicationContext::close);
  }

  @Test
  void everyFrameOfABurstReachesEveryClientInOrder() throws Exception {
    start();
    List<List<WebSocketTestClient>> rooms = joinRooms();

    burst(rooms, "");

    for (int room = 0; room < ROOMS; room++) {
      for (WebSocketTestClient client : rooms.get(room)) {
        assertThat(readAll(client)).as("what a client of room %d read", room).isEqualTo(expected());
      }
    }
    assertThat(openSessions()).isEqualTo(ROOMS * CLIENTS_PER_ROOM);
  }

  @Test
  void aClientThatStopsReadingIsClosedAndNobodyElseLosesAFrame() throws Exception {
    start();
    List<List<WebSocketTestClient>> rooms = joinRooms();
    WebSocketTestClient frozen = rooms.get(0).remove(0).stopReading();

    // Frames of 16 KiB: 300 of them are more than the network and the server's send buffer hold.
    burst(rooms, "x".repeat(16 * 1024));

    for (List<WebSocketTestClient> room : rooms) {
      for (WebSocketTestClient client : room) {
        assertThat(readAll(client)).as("what a reading client read").isEqualTo(expected());
      }
    }
    // The server closes it (4500) once a frame has waited out the send time limit. Its close frame
    // waits behind the frames the client never read, so the client, reading again, may find the
    // connection dropped (1006) instead: what it learns is that it is closed.
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(closedWith(4500)).as("4500 closes among %s", closes()).isEqualTo(1));
    assertThat(closedWith(4500)).as("sessions closed as not reliable").isEqualTo(1);
    assertThat(frozen.resumeReading().awaitClose().code()).isIn(4500, 1006);
  }

  private List<CloseStatus> closes() {
    return instances.stream().flatMap(app -> app.getBean(BurstRoom.class).closes.stream()).toList();
  }

  private long closedWith(int code) {
    return instances.stream()
        .flatMap(app -> app.getBean(BurstRoom.class).closes.stream())
        .filter(status -> status.getCode() == code)
        .count();
  }

  private void start() {
    for (int i = 0; i < instances(); i++) {
      List<String> arguments =
          new ArrayList<>(
              List.of(
                  "--server.port=0",
                  "--logging.level.root=WARN",
                  "--logging.level.dev.channels.spring.consumer=DEBUG"));
      arguments.addAll(applicationArguments());
      instances.add(
          new SpringApplicationBuilder(BurstApplication.class)
              .run(arguments.toArray(String[]::new)));
    }
  }

  private List<List<WebSocketTestClient>> joinRooms() {
    List<List<WebSocketTestClient>> rooms = new ArrayList<>();
    for (int room = 0; room < ROOMS; room++) {
      List<WebSocketTestClient> members = new ArrayList<>();
      for (int i = 0; i < CLIENTS_PER_ROOM; i++) {
        WebSocketTestClient client =
            WebSocketTestClient.connect(port(i % instances()), "/ws/burst/r" + room + "/");
        clients.add(client);
        members.add(client);
      }
      rooms.add(members);
    }
    Awaitility.await().until(() -> openSessions() == ROOMS * CLIENTS_PER_ROOM);
    // Every member is in its group once a probe through the room reaches all of them.
    for (List<WebSocketTestClient> members : rooms) {
      members.get(0).sendJson(Map.of("n", -1, "padding", ""));
      for (WebSocketTestClient member : members) {
        assertThat(member.receiveJson()).containsEntry("n", -1);
      }
    }
    return rooms;
  }

  /**
   * The first client of each room sends every message at once, as fast as the socket takes them.
   */
  private static void burst(List<List<WebSocketTestClient>> rooms, String padding)
      throws Exception {
    ExecutorService senders = Executors.newFixedThreadPool(ROOMS);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (List<WebSocketTestClient> room : rooms) {
        WebSocketTestClient sender = room.get(0);
        sent.add(
            senders.submit(
                () -> {
                  for (int n = 0; n < MESSAGES; n++) {
                    sender.sendJson(Map.of("n", n, "padding", padding));
                  }
                }));
      }
      for (Future<?> done : sent) {
        done.get();
      }
    } finally {
      senders.shutdown();
    }
  }

  private static List<Integer> readAll(WebSocketTestClient client) {
    List<Integer> read = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      read.add(((Number) client.receiveJson().get("n")).intValue());
    }
    return read;
  }

  private static List<Integer> expected() {
    List<Integer> expected = new ArrayList<>();
    for (int n = 0; n < MESSAGES; n++) {
      expected.add(n);
    }
    return expected;
  }

  private int port(int instance) {
    return ((WebServerApplicationContext) instances.get(instance)).getWebServer().getPort();
  }

  private int openSessions() {
    return instances.stream()
        .mapToInt(app -> app.getBean(ConsumerEndpoints.class).liveSessions().size())
        .sum();
  }

  /** The application the burst runs against: the Django tutorial's chat. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(BurstRoom.class)
  static class BurstApplication {}

  record Said(int n, String padding) {}

  @ChannelConsumer(path = "/ws/burst/{room}/", groups = "burst_{room}")
  static class BurstRoom {

    final List<CloseStatus> closes = new CopyOnWriteArrayList<>();

    @OnDisconnect
    void disconnect(CloseStatus status) {
      closes.add(status);
    }

    @OnText
    CompletableFuture<Void> receive(ConsumerSession session, Said said, @PathVariable String room) {
      return session.groupSend(
          "burst_" + room,
          Message.builder("chat.message")
              .put("n", said.n())
              .put("padding", said.padding())
              .build());
    }

    @ChannelHandler("chat.message")
    void chatMessage(ConsumerSession session, Said said) {
      session.sendJson(Map.of("n", said.n(), "padding", said.padding()));
    }
  }
}
