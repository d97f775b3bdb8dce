package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.LayerSnapshot;
import dev.channels.layer.memory.InMemoryChannelLayer;
import dev.channels.spring.ChannelLayers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
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
              64 * 1024));
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
}
