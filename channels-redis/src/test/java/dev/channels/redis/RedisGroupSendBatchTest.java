package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayerSettings;
import dev.channels.Message;
import dev.channels.redis.testing.RedisServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group sends to one group that come while two script calls for it are on their way leave together:
 * many sends, few round trips. (Their order and capacity rules are in the contract.)
 */
class RedisGroupSendBatchTest {

  private final RedisServers.Process redis = RedisServers.start();
  private final RedisClient adminClient = RedisClient.create(redis.url());
  private final StatefulRedisConnection<String, String> admin = adminClient.connect();
  private final RedisChannelLayer layer =
      RedisChannelLayer.builder()
          .settings(ChannelLayerSettings.builder().capacity(10_000).build())
          .options(RedisLayerOptions.builder().hosts(List.of(redis.url())).build())
          .build();

  @AfterEach
  void stop() {
    layer.close();
    admin.close();
    adminClient.shutdown();
    redis.kill();
  }

  private long scriptCalls() {
    // "cmdstat_evalsha:calls=12,usec=...,rejected_calls=0,failed_calls=0"
    for (String line : admin.sync().info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_evalsha:")) {
        return Long.parseLong(line.replaceAll("^cmdstat_evalsha:calls=(\\d+),.*$", "$1"));
      }
    }
    return 0;
  }

  @Test
  void sendsIssuedTogetherShareScriptCalls() {
    String local = layer.newChannel();
    layer.groupAdd("room", local).join();
    layer.groupAdd("room", "normal.member").join();
    layer.groupSend("room", Message.of("test.warm")).join();
    long before = scriptCalls();

    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      sends.add(layer.groupSend("room", Message.of("test.numbered", "n", i)));
    }
    sends.forEach(CompletableFuture::join);

    // Issuing a send takes microseconds and a round trip far longer, so the sends gather; even a
    // slow machine makes many fewer calls than one per send.
    assertThat(scriptCalls() - before).isLessThan(250);
    assertThat(layer.stats().sent()).isGreaterThanOrEqualTo(2 * 1_001);
  }

  @Test
  void thousandsOfSendsWaitingWhenRedisGoesAwayAllFailAndNoneHangs() {
    layer.groupAdd("hall", layer.newChannel()).join();
    // Redis holds the first send; the rest wait behind it, one to a batch while the group's
    // index is not known yet: the most batches there can be.
    admin.sync().clientPause(10_000);
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      sends.add(layer.groupSend("hall", Message.of("test.numbered", "n", i)));
    }
    redis.kill();

    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> sends.stream().allMatch(CompletableFuture::isDone));
    assertThat(sends).allMatch(CompletableFuture::isCompletedExceptionally);
  }
}
