package dev.channels.redis.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Message;
import dev.channels.redis.testing.RedisServers;
import dev.channels.spring.ChannelConsumer;
import dev.channels.spring.ChannelHandler;
import dev.channels.spring.ConsumerSession;
import dev.channels.spring.OnDisconnect;
import dev.channels.spring.OnText;
import dev.channels.spring.consumer.ConsumerEndpoints;
import dev.channels.test.websocket.WebSocketTestClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.CloseStatus;

/**
 * A chat on the Redis backend while its Redis is paused for ten seconds (SIGSTOP: connected, and
 * silent), with a client sending 50 messages a second throughout: the stall is the server's, so no
 * client is closed for it, and what the client sends once Redis answers again is delivered. A
 * server of the test's own is paused, never the shared one.
 */
class RedisStallWebSocketTest {

  private static final int SENT_DURING_STALL = 500;

  private final RedisServers.Process redis = RedisServers.start();
  private final List<WebSocketTestClient> clients = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
  private ConfigurableApplicationContext app;

  @AfterEach
  void stop() {
    redis.resume();
    pacer.shutdownNow();
    clients.forEach(WebSocketTestClient::close);
    if (app != null) {
      app.close();
    }
    redis.kill();
  }

  @Test
  void aClientSendingThroughAStallIsNotClosedAndWhatItSendsAfterIsDelivered() throws Exception {
    app =
        new SpringApplicationBuilder(StallApplication.class)
            .run(
                "--server.port=0",
                "--logging.level.root=WARN",
                "--logging.level.dev.channels.spring.consumer.HandlerErrors=OFF",
                "--channels.layers.default.backend=redis",
                "--channels.layers.default.hosts[0]=" + redis.url());
    WebSocketTestClient sender = connect();
    WebSocketTestClient listener = connect();
    Awaitility.await().until(() -> openSessions() == 2);
    sender.sendJson(Map.of("n", -1));
    assertThat(listener.receiveJson()).containsEntry("n", -1);

    redis.pause();
    sendAtFiftyASecond(sender).get(60, TimeUnit.SECONDS);
    redis.resume();

    assertThat(sender.isOpen()).as("the sender, open").isTrue();
    assertThat(listener.isOpen()).as("the listener, open").isTrue();
    sender.sendJson(Map.of("n", SENT_DURING_STALL));
    assertThat(readUntil(listener, SENT_DURING_STALL))
        .as("the message sent after the stall, among what the listener read")
        .contains(SENT_DURING_STALL);
    assertThat(app.getBean(StallRoom.class).closes).as("sessions closed").isEmpty();
    assertThat(openSessions()).isEqualTo(2);
  }

  private WebSocketTestClient connect() {
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    WebSocketTestClient client = WebSocketTestClient.connect(port, "/ws/stall/");
    clients.add(client);
    return client;
  }

  // One message every 20 ms, 500 of them: ten seconds of a client that keeps talking.
  private CompletableFuture<Void> sendAtFiftyASecond(WebSocketTestClient sender) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicInteger next = new AtomicInteger();
    ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
    task[0] =
        pacer.scheduleAtFixedRate(
            () -> {
              int n = next.getAndIncrement();
              if (n >= SENT_DURING_STALL) {
                done.complete(null);
                task[0].cancel(false);
                return;
              }
              try {
                sender.sendJson(Map.of("n", n));
              } catch (RuntimeException e) {
                done.completeExceptionally(e);
                task[0].cancel(false);
              }
            },
            0,
            20,
            TimeUnit.MILLISECONDS);
    return done;
  }

  // What arrives up to and including {@code last}: the messages sent during the stall that Redis
  // took once it answered come first.
  private static List<Integer> readUntil(WebSocketTestClient listener, int last) {
    List<Integer> read = new CopyOnWriteArrayList<>();
    for (int i = 0; i <= SENT_DURING_STALL + 1; i++) {
      int n = ((Number) listener.receiveJson().get("n")).intValue();
      read.add(n);
      if (n == last) {
        break;
      }
    }
    return read;
  }

  private int openSessions() {
    return app.getBean(ConsumerEndpoints.class).liveSessions().size();
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(StallRoom.class)
  static class StallApplication {}

  record Said(int n) {}

  /** A room every client joins; what one says goes to all, through Redis. */
  @ChannelConsumer(path = "/ws/stall/", groups = "stall")
  static class StallRoom {

    final List<CloseStatus> closes = new CopyOnWriteArrayList<>();

    @OnDisconnect
    void disconnect(CloseStatus status) {
      closes.add(status);
    }

    @OnText
    CompletableFuture<Void> receive(ConsumerSession session, Said said) {
      return session.groupSend("stall", Message.builder("chat.message").put("n", said.n()).build());
    }

    @ChannelHandler("chat.message")
    void chatMessage(ConsumerSession session, Said said) {
      session.sendJson(Map.of("n", said.n()));
    }
  }
}
