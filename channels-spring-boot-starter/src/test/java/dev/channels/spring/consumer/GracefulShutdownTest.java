package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import dev.channels.internal.ChannelIds;
import dev.channels.testing.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.socket.CloseStatus;

/**
 * Stopping the application: handlers already running finish, frames already sent reach their
 * clients before those are told the server is going away (1001), and no membership is left behind
 * in Redis for other instances to send to.
 */
class GracefulShutdownTest {

  private final String prefix = "shutdown-" + ChannelIds.newLocalId().substring(0, 10);

  @Test
  void runningHandlersFinishClientsGet1001AndMembershipsAreDiscarded() throws Exception {
    ConfigurableApplicationContext app = start();
    TestConsumers.Chat chat = app.getBean(TestConsumers.Chat.class);
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    try (TestClient first = TestClient.connect(port, "/ws/chat/closing/");
        TestClient second = TestClient.connect(port, "/ws/chat/other/")) {
      awaitMembers("chat_closing", 1);
      awaitMembers("chat_other", 1);

      app.getBean(ChannelLayer.class)
          .groupSend("chat_closing", Message.of("test.work", "n", 1))
          .join();
      assertThat(chat.workStarted.await(10, TimeUnit.SECONDS)).isTrue();
      app.close();

      assertThat(chat.workDone)
          .as("the handler that was running when shutdown began")
          .containsExactly(1L);
      for (int i = 0; i < TestConsumers.Chat.WORK_FRAMES; i++) {
        assertThat(first.nextText())
            .as("frame %d, sent before shutdown", i)
            .startsWith("working " + i + " ");
      }
      assertThat(first.closeStatus()).isEqualTo(CloseStatus.GOING_AWAY);
      assertThat(second.closeStatus()).isEqualTo(CloseStatus.GOING_AWAY);
      assertThat(keys("*group*")).as("group keys left in Redis").isEmpty();
    } finally {
      app.close();
    }
  }

  private ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(TestConsumers.class)
        .run(
            "--server.port=0",
            "--channels.layers.default.backend=redis",
            "--channels.layers.default.hosts[0]=" + RedisServers.url(),
            "--channels.layers.default.prefix=" + prefix);
  }

  private void awaitMembers(String group, long members) {
    Awaitility.await().until(() -> redis(r -> r.zcard(prefix + ":group:" + group)) == members);
  }

  private List<String> keys(String pattern) {
    return redis(r -> r.keys(prefix + pattern));
  }

  private static <T> T redis(Function<RedisCommands<String, String>, T> command) {
    RedisClient client = RedisClient.create(RedisServers.url());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return command.apply(connection.sync());
    } finally {
      client.shutdown();
    }
  }
}
