package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.ChannelLayer;
import dev.channels.LayerSnapshot;
import dev.channels.Message;
import dev.channels.layer.memory.InMemoryChannelLayer;
import dev.channels.spring.ChannelLayers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.web.socket.CloseStatus;
import tools.jackson.databind.json.JsonMapper;

/** Sessions come and go without leaving anything behind. */
class ConsumerLifecycleTest {

  private final ChannelLayer layer = new InMemoryChannelLayer();
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final ConsumerEndpoints endpoints =
      new ConsumerEndpoints(
          new DefaultListableBeanFactory(),
          new ChannelLayers(Map.of("default", layer)),
          pool,
          JsonMapper.builder().build(),
          new ConsumerSettings(
              ConsumerSettings.Action.LOG,
              ConsumerSettings.Action.LOG,
              Duration.ofSeconds(10),
              512 * 1024,
              List.of(),
              List.of(),
              64 * 1024,
              64 * 1024,
              100,
              1024 * 1024,
              Duration.ofSeconds(60),
              1000,
              Duration.ofSeconds(20),
              Duration.ofSeconds(30)));
  private final JsonBinder json = new JsonBinder(JsonMapper.builder().build());
  private final ConsumerWebSocketHandler handler =
      new ConsumerWebSocketHandler(
          ConsumerDefinition.of("chat", TestConsumers.Chat.class, json),
          chatInstance(),
          layer,
          endpoints);

  private static java.util.function.Supplier<Object> chatInstance() {
    TestConsumers.Chat chat = new TestConsumers.Chat();
    return () -> chat;
  }

  @AfterEach
  void stop() throws Exception {
    endpoints.destroy();
    pool.shutdownNow();
    layer.close();
  }

  @Test
  void aHundredThousandConnectAndDisconnectCyclesLeaveNothingBehind() {
    for (int i = 0; i < 100_000; i++) {
      InProcessSession session = new InProcessSession("s" + i, Map.of("room", "room" + (i % 100)));
      handler.afterConnectionEstablished(session);
      handler.afterConnectionClosed(session, CloseStatus.NORMAL);
    }

    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(endpoints.liveSessions()).isEmpty();
              LayerSnapshot snapshot = layer.snapshot().join();
              assertThat(snapshot.groups()).isEmpty();
              assertThat(snapshot.channels()).isEmpty();
            });
  }

  @Test
  void anOpenSessionHoldsItsChannelAndGroupUntilItCloses() {
    InProcessSession session = new InProcessSession("one", Map.of("room", "lobby"));
    handler.afterConnectionEstablished(session);

    Awaitility.await()
        .untilAsserted(
            () -> {
              LayerSnapshot snapshot = layer.snapshot().join();
              assertThat(snapshot.groups()).containsEntry("chat_lobby", 1);
              assertThat(snapshot.channels()).hasSize(1);
            });

    handler.afterConnectionClosed(session, CloseStatus.GOING_AWAY);

    Awaitility.await()
        .untilAsserted(
            () -> {
              LayerSnapshot snapshot = layer.snapshot().join();
              assertThat(snapshot.groups()).isEmpty();
              assertThat(snapshot.channels()).isEmpty();
            });
  }

  @Test
  void aSessionClosedInOnConnectNeverStartsReadingItsChannel() {
    CloseLaterSession session = new CloseLaterSession("refused", Map.of("room", "forbidden"));
    handler.afterConnectionEstablished(session);
    SessionRuntime runtime = runtimeOf(session);
    Awaitility.await().until(() -> session.requested != null);

    layer.send(runtime.channelName(), Message.of("test.raw", "n", 1)).join();
    handler.afterConnectionClosed(session, session.requested);
    Awaitility.await().until(() -> endpoints.liveSessions().isEmpty());

    assertThat(session.requested).isEqualTo(CloseStatus.POLICY_VIOLATION);
    assertThat(layer.snapshot().join().channels())
        .as("unread messages by channel")
        .containsEntry(runtime.channelName(), 1);
    assertThat(session.sent).isEmpty();
  }

  @Test
  void aGroupJoinAfterTheSessionEndedIsRefusedAndLeavesNoMembership() {
    InProcessSession session = new InProcessSession("late", Map.of("room", "lobby"));
    handler.afterConnectionEstablished(session);
    SessionRuntime runtime = runtimeOf(session);
    handler.afterConnectionClosed(session, CloseStatus.NORMAL);
    Awaitility.await().until(() -> endpoints.liveSessions().isEmpty());

    CompletableFuture<Void> join = runtime.groupAdd("too_late");

    assertThatThrownBy(join::join)
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Session late has ended, so it cannot join group 'too_late'.");
    assertThat(layer.snapshot().join().groups()).isEmpty();
  }

  private static SessionRuntime runtimeOf(InProcessSession session) {
    return (SessionRuntime) session.getAttributes().get(SessionRuntime.class.getName());
  }

  /** A session whose close was asked for but has not happened yet, as while the closer is busy. */
  private static final class CloseLaterSession extends InProcessSession {
    volatile @Nullable CloseStatus requested;

    CloseLaterSession(String id, Map<String, String> pathVariables) {
      super(id, pathVariables);
    }

    @Override
    public void close(CloseStatus status) {
      requested = status;
    }
  }
}
