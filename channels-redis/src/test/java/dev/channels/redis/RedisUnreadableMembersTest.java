package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.Message;
import dev.channels.redis.testing.RedisServers;
import dev.channels.test.MutableClock;
import dev.channels.test.StandardErr;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A group message reaches an instance that cannot read the group's members from Redis (here its
 * Redis user may not read the instance's member set, until the test allows it): the message waits
 * and asks again, and is delivered once the members can be read, or counted as expired when its
 * time is up, never lost silently.
 */
class RedisUnreadableMembersTest {

  // The receiver may use its own queue and the group index, but not its member set in the index.
  private final RedisServers.Process redis =
      RedisServers.start(
          "--user",
          "receiver",
          "on",
          ">receiver-pass",
          "~asgispecific.*",
          "~asgi:groupindex:room",
          "&*",
          "+@all");
  private final MutableClock clock = new MutableClock();
  private final RedisChannelLayer sender = layer(redis.url()).build();
  private final RedisChannelLayer receiver =
      layer("redis://receiver:receiver-pass@127.0.0.1:" + redis.port() + "/0").clock(clock).build();
  private final RedisClient adminClient = RedisClient.create(redis.url());
  private final StatefulRedisConnection<String, String> admin = adminClient.connect();

  private static RedisChannelLayer.Builder layer(String url) {
    return RedisChannelLayer.builder()
        .options(RedisLayerOptions.builder().hosts(List.of(url)).build());
  }

  @AfterEach
  void stop() {
    receiver.close();
    sender.close();
    admin.close();
    adminClient.shutdown();
    redis.kill();
  }

  private CompletableFuture<Message> sendToAGroupWhoseMembersTheReceiverCannotRead(String member) {
    CompletableFuture<Message> received = receiver.receive(member);
    sender.groupAdd("room", member).join();
    try (StandardErr err = StandardErr.capture()) {
      sender.groupSend("room", Message.of("chat.message", "message", "hello")).join();
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> err.text().contains("Could not read the members of group 'room'"));
    }
    return received;
  }

  @Test
  void itsMessageIsDeliveredOnceTheMembersCanBeRead() {
    String member = receiver.newChannel();
    CompletableFuture<Message> received = sendToAGroupWhoseMembersTheReceiverCannotRead(member);

    admin.sync().aclSetuser("receiver", AclSetuserArgs.Builder.allKeys());

    assertThat(received)
        .succeedsWithin(Duration.ofSeconds(20))
        .isEqualTo(Message.of("chat.message", "message", "hello"));
    assertThat(receiver.stats().dropped(DropReason.EXPIRED)).isZero();
  }

  @Test
  void itsMessageIsCountedAsExpiredWhenItsExpiryPassesFirst() {
    String member = receiver.newChannel();
    CompletableFuture<Message> received = sendToAGroupWhoseMembersTheReceiverCannotRead(member);

    clock.advance(Duration.ofSeconds(61));

    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(receiver.stats().dropped(DropReason.EXPIRED)).isEqualTo(1));
    assertThat(received).isNotDone();
  }
}
