package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.BackendUnavailableException;
import dev.channels.Message;
import dev.channels.redis.testing.RedisServers;
import dev.channels.test.StandardErr;
import io.lettuce.core.SslOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ways to reach Redis besides a plain redis:// URL, each against a real server. */
class RedisConnectionsTest {

  private static void roundTrip(RedisChannelLayer layer) {
    String channel = layer.newChannel();
    layer.groupAdd("connections", channel).join();
    layer.groupSend("connections", Message.of("test.connections")).join();
    assertThat(layer.blocking().receive(channel, Duration.ofSeconds(20)))
        .contains(Message.of("test.connections"));
  }

  @Test
  void aNormalChannelsReceiverGivesBackItsConnectionOnceIdleAndOpensOneWhenNeeded() {
    RedisServers.Process redis = RedisServers.start();
    io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.url());
    try (RedisChannelLayer layer =
            RedisChannelLayer.builder()
                .options(RedisLayerOptions.builder().hosts(List.of(redis.url())).build())
                .idleReceiverTimeout(Duration.ofMillis(200))
                .build();
        var admin = client.connect()) {
      int workers = 20;
      for (int i = 0; i < workers; i++) {
        String channel = "worker.job" + i;
        layer.send(channel, Message.of("test.job")).join();
        assertThat(layer.blocking().receive(channel, Duration.ofSeconds(10))).isPresent();
      }
      assertThat(clients(admin)).as("a connection per normal channel read").isGreaterThan(workers);

      // The layer's shared connection and the admin's own remain.
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(clients(admin)).isLessThanOrEqualTo(2));
      assertThat(layer.normalChannelReceivers()).isZero();

      layer.send("worker.job0", Message.of("test.again")).join();
      assertThat(layer.blocking().receive("worker.job0", Duration.ofSeconds(10)))
          .contains(Message.of("test.again"));
    } finally {
      client.shutdown();
      redis.kill();
    }
  }

  private static long clients(io.lettuce.core.api.StatefulRedisConnection<String, String> admin) {
    return admin.sync().clientList().lines().filter(line -> !line.isBlank()).count();
  }

  @Test
  void findsTheMasterThroughSentinel() {
    RedisServers.Process master = RedisServers.start();
    RedisServers.Process sentinel = RedisServers.startSentinel(master.port());
    try (RedisChannelLayer layer =
        RedisChannelLayer.builder()
            .options(
                RedisLayerOptions.builder()
                    .sentinel(
                        new RedisLayerOptions.Sentinel(
                            "mymaster", List.of("127.0.0.1:" + sentinel.port()), null))
                    .build())
            .build()) {
      assertThat(layer.addresses())
          .singleElement()
          .asString()
          .contains("sentinel master 'mymaster'");
      roundTrip(layer);
    } finally {
      sentinel.kill();
      master.kill();
    }
  }

  // unix:// is how channels_redis's (redis-py's) users write it; redis-socket:// is Lettuce's.
  @ParameterizedTest
  @ValueSource(strings = {"unix://", "redis-socket://"})
  void connectsThroughAUnixSocket(String scheme) throws Exception {
    java.nio.file.Path socket =
        java.nio.file.Files.createTempDirectory("redis-socket").resolve("redis.sock");
    RedisServers.Process redis =
        RedisServers.start("--unixsocket", socket.toString(), "--unixsocketperm", "700");
    try (RedisChannelLayer layer =
        RedisChannelLayer.builder()
            .options(RedisLayerOptions.builder().hosts(List.of(scheme + socket + "?db=2")).build())
            .build()) {
      assertThat(layer.addresses()).containsExactly("unix socket " + socket);
      roundTrip(layer);
      io.lettuce.core.RedisClient client =
          io.lettuce.core.RedisClient.create(redis.url().replace("/0", "/2"));
      try (var admin = client.connect()) {
        assertThat(admin.sync().exists("asgi:group:connections")).as("in database 2").isEqualTo(1);
      } finally {
        client.shutdown();
      }
    } finally {
      redis.kill();
    }
  }

  @Test
  void speaksTlsToARedisWhoseCertificateItTrusts() {
    RedisServers.Process redis = RedisServers.startTls();
    SslOptions trustTheTestCa =
        SslOptions.builder().trustManager(redis.dir().resolve("ca.crt").toFile()).build();
    try (RedisChannelLayer layer =
        RedisChannelLayer.builder()
            .options(
                RedisLayerOptions.builder()
                    .hosts(List.of("rediss://localhost:" + redis.port() + "/0"))
                    .ssl(trustTheTestCa)
                    .build())
            .build()) {
      assertThat(layer.addresses()).containsExactly("rediss://localhost:" + redis.port() + "/0");
      roundTrip(layer);
    } finally {
      redis.kill();
    }
  }

  @Test
  void refusesARedisWhoseCertificateItCannotVerify() {
    RedisServers.Process redis = RedisServers.startTls();
    try (RedisChannelLayer layer =
        RedisChannelLayer.builder()
            .options(
                RedisLayerOptions.builder()
                    .hosts(List.of("rediss://localhost:" + redis.port() + "/0"))
                    .build())
            .build()) {
      assertThat(layer.isConnected()).as("connected without trusting the test CA").isFalse();
      assertThat(layer.send("test.tls", Message.of("test.tls")))
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableThat()
          .havingRootCause()
          .isInstanceOf(BackendUnavailableException.class);
    } finally {
      redis.kill();
    }
  }

  @Test
  void logsInWithAnAclUserAndPasswordFromTheUrl() {

    RedisServers.Process redis =
        RedisServers.start(
            "--user",
            "default",
            "off",
            "--user",
            "channels",
            "on",
            ">s3cret-Pass",
            "~*",
            "&*",
            "+@all");
    try (RedisChannelLayer layer =
        RedisChannelLayer.builder()
            .options(
                RedisLayerOptions.builder()
                    .hosts(List.of("redis://channels:s3cret-Pass@127.0.0.1:" + redis.port() + "/0"))
                    .build())
            .build()) {
      assertThat(layer.isConnected()).isTrue();
      assertThat(layer.addresses().toString()).doesNotContain("s3cret");
      roundTrip(layer);
    } finally {
      redis.kill();
    }
  }

  @Test
  void aRefusedConnectionIsReportedWithItsReason() {
    String address = "redis://127.0.0.1:" + RedisServers.freePort() + "/0";
    try (StandardErr err = StandardErr.capture();
        RedisChannelLayer layer =
            RedisChannelLayer.builder()
                .options(RedisLayerOptions.builder().hosts(List.of(address)).build())
                .build()) {
      assertThat(layer.connectionFailures())
          .containsOnlyKeys(address)
          .hasEntrySatisfying(address, reason -> assertThat(reason).contains("Connection refused"));
      assertThat(err.text())
          .contains("Redis at " + address + " is not reachable yet (")
          .contains("Connection refused");
    }
  }

  @Test
  void aWrongPasswordIsReportedAsRedisRefusesItAndTheSecretNowhere() {
    RedisServers.Process redis =
        RedisServers.start("--user", "channels", "on", ">right-Pass", "~*", "&*", "+@all");
    String secret = "wrong-Pass-4711";
    String address = "redis://127.0.0.1:" + redis.port() + "/0";
    try (StandardErr err = StandardErr.capture();
        RedisChannelLayer layer =
            RedisChannelLayer.builder()
                .options(
                    RedisLayerOptions.builder()
                        .hosts(
                            List.of(
                                "redis://channels:" + secret + "@127.0.0.1:" + redis.port() + "/0"))
                        .build())
                .build()) {
      assertThat(layer.isConnected()).isFalse();
      assertThat(layer.connectionFailures())
          .containsOnlyKeys(address)
          .hasEntrySatisfying(
              address, reason -> assertThat(reason).contains("WRONGPASS").doesNotContain(secret));
      assertThat(layer.send("test.refused", Message.of("test.refused")))
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableThat()
          .havingRootCause()
          .isInstanceOf(BackendUnavailableException.class)
          .withMessageContaining("WRONGPASS")
          .withMessageNotContaining(secret);
      assertThat(err.text()).contains("WRONGPASS").doesNotContain(secret);
    } finally {
      redis.kill();
    }
  }

  @Test
  void shardsOverSeveralHostsAsChannelsRedisDoes() {
    RedisServers.Process one = RedisServers.start();
    RedisServers.Process two = RedisServers.start();
    try (RedisChannelLayer first =
            RedisChannelLayer.builder()
                .options(RedisLayerOptions.builder().hosts(List.of(one.url(), two.url())).build())
                .build();
        RedisChannelLayer second =
            RedisChannelLayer.builder()
                .options(RedisLayerOptions.builder().hosts(List.of(one.url(), two.url())).build())
                .build()) {
      Map<String, RedisChannelLayer> owners = new LinkedHashMap<>();
      for (RedisChannelLayer owner : List.of(first, second, first, second)) {
        owners.put(owner.newChannel(), owner);
      }
      List<String> members = List.copyOf(owners.keySet());
      for (int i = 0; i < members.size(); i++) {
        owners.get(members.get(i)).groupAdd("shard_" + i, members.get(i)).join();
      }

      for (int i = 0; i < members.size(); i++) {
        second.groupSend("shard_" + i, Message.of("test.sharded", "n", i)).join();
      }

      for (int i = 0; i < members.size(); i++) {
        assertThat(
                owners
                    .get(members.get(i))
                    .blocking()
                    .receive(members.get(i), Duration.ofSeconds(20)))
            .contains(Message.of("test.sharded", "n", i));
      }
    } finally {
      one.kill();
      two.kill();
    }
  }
}
