package dev.channels.redis.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import dev.channels.redis.testing.RedisServers;
import dev.channels.spring.ChannelConsumer;
import dev.channels.spring.ChannelHandler;
import dev.channels.spring.ConsumerSession;
import dev.channels.test.TestNames;
import dev.channels.test.websocket.WebSocketTestClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * Stopping the application: handlers already running finish, frames already sent reach their
 * clients before those are told the server is going away (1001), and no membership is left behind
 * in Redis for other instances to send to.
 */
class GracefulShutdownTest {

  private final String prefix = TestNames.unique("shutdown");

  @Test
  void runningHandlersFinishClientsGet1001AndMembershipsAreDiscarded() throws Exception {
    ConfigurableApplicationContext app = start();
    Worker worker = app.getBean(Worker.class);
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    try (WebSocketTestClient first = WebSocketTestClient.connect(port, "/ws/work/closing/");
        WebSocketTestClient second = WebSocketTestClient.connect(port, "/ws/work/other/")) {
      awaitMembers("work_closing", 1);
      awaitMembers("work_other", 1);

      app.getBean(ChannelLayer.class)
          .groupSend("work_closing", Message.of("test.work", "n", 1))
          .join();
      assertThat(worker.started.await(10, TimeUnit.SECONDS)).isTrue();
      app.close();

      assertThat(worker.done)
          .as("the handler that was running when shutdown began")
          .containsExactly(1L);
      for (int i = 0; i < Worker.FRAMES; i++) {
        assertThat(first.receiveText())
            .as("frame %d, sent before shutdown", i)
            .startsWith("working " + i + " ");
      }
      assertThat(first.awaitClose().code()).isEqualTo(1001);
      assertThat(second.awaitClose().code()).isEqualTo(1001);
      assertThat(keys("*group*")).as("group keys left in Redis").isEmpty();
    } finally {
      app.close();
    }
  }

  private ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(WorkApplication.class)
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

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Worker.class)
  static class WorkApplication {}

  @ChannelConsumer(path = "/ws/work/{room}/", groups = "work_{room}")
  static class Worker {

    /** Frames the work handler sends its client, 16 KiB each, before it sleeps. */
    static final int FRAMES = 20;

    final CountDownLatch started = new CountDownLatch(1);
    final List<Object> done = new CopyOnWriteArrayList<>();

    /**
     * Work that takes a while: shutdown must let it finish rather than interrupt it. The sleep is
     * the slow handler itself, not a wait for something to happen; the test waits on {@link
     * #started} and then shuts down while the handler still sleeps.
     */
    @ChannelHandler("test.work")
    void work(ConsumerSession session, Message message) throws InterruptedException {
      for (int i = 0; i < FRAMES; i++) {
        session.sendText("working " + i + " " + "x".repeat(16 * 1024));
      }
      started.countDown();
      Thread.sleep(500);
      done.add(message.get("n"));
    }
  }
}
