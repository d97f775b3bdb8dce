package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.BackendTimeoutException;
import dev.channels.Message;
import dev.channels.redis.testing.RedisServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis is connected but answers nothing for a while (paused with SIGSTOP, as a long fork or
 * swapping would pause it): sends fail with a timeout that says so, all together, and the layer
 * works again once Redis answers. A server of the test's own is paused, never the shared one.
 */
class RedisStallTest {

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

  private final RedisServers.Process redis = RedisServers.start();
  private final RedisChannelLayer layer =
      RedisChannelLayer.builder()
          .options(
              RedisLayerOptions.builder()
                  .hosts(List.of(redis.url()))
                  .commandTimeout(COMMAND_TIMEOUT)
                  .build())
          .build();

  @AfterEach
  void stop() {
    redis.resume();
    layer.close();
    redis.kill();
  }

  @Test
  void aSendDuringAStallFailsWithATimeoutNamingTheSettingAndTheLayerWorksOnceRedisAnswers() {
    layer.send("test.stall", Message.of("test.before")).join();
    redis.pause();

    assertThatThrownBy(() -> layer.send("test.stall", Message.of("test.during")).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(BackendTimeoutException.class)
        .hasMessageContaining("Redis at " + redis.url())
        .hasMessageContaining("answered nothing within the command timeout (1s)")
        .hasMessageContaining("channels.layers.<alias>.command-timeout")
        .hasMessageNotContaining("unavailable");

    redis.resume();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> layer.send("test.stall", Message.of("test.after")).join() == null);
  }

  @Test
  void sendsQueuedBehindAStalledCallFailTogetherWhenItTimesOutNotOneTimeoutEach() {
    layer.send("test.stall", Message.of("test.before")).join();
    redis.pause();
    // Twenty calls' worth of sends (a call carries up to 128): one timeout each would spread their
    // failures over twenty seconds.
    int count = 20 * 128;
    ConcurrentLinkedQueue<Long> failedAtNanos = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      CompletableFuture<Void> send = layer.send("test.stall", Message.of("test.during", "n", i));
      send.whenComplete((ok, failure) -> failedAtNanos.add(System.nanoTime()));
      sends.add(send);
    }

    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> sends.stream().allMatch(CompletableFuture::isDone));
    assertThat(sends)
        .as("sends made while Redis was paused")
        .allSatisfy(
            send ->
                assertThat(send)
                    .failsWithin(Duration.ZERO)
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause()
                    .isInstanceOf(BackendTimeoutException.class));
    long first = failedAtNanos.stream().mapToLong(Long::longValue).min().orElseThrow();
    long last = failedAtNanos.stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat(Duration.ofNanos(last - first))
        .as("from the first failure to the last of %d sends", count)
        .isLessThan(Duration.ofSeconds(5));
  }
}
