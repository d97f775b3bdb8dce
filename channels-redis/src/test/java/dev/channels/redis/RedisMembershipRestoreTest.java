package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.BackendUnavailableException;
import dev.channels.ChannelLayerSettings;
import dev.channels.Message;
import dev.channels.redis.testing.RedisServers;
import dev.channels.test.MutableClock;
import dev.channels.test.StandardErr;
import io.lettuce.core.AclCategory;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * After Redis restarts without its data, each instance puts its own group memberships back: until
 * Redis takes them, never one that was discarded meanwhile, and never for longer than group-expiry
 * after the membership's last add. After an outage in which Redis kept its data, each instance
 * makes the discards Redis could not take, unless the channel joined again meanwhile.
 */
class RedisMembershipRestoreTest {

  private static final String PASSWORD = "restore-pass";

  private RedisServers.Process redis = RedisServers.start(user("+@all"));
  private final int port = redis.port();
  private final MutableClock clock = new MutableClock();
  private final RedisChannelLayer layer =
      RedisChannelLayer.builder()
          .settings(ChannelLayerSettings.builder().groupExpiry(Duration.ofHours(2)).build())
          .options(
              RedisLayerOptions.builder()
                  .hosts(List.of("redis://channels:" + PASSWORD + "@127.0.0.1:" + port + "/0"))
                  .build())
          .clock(clock)
          .build();
  private final RedisClient adminClient = RedisClient.create(redis.url());
  private final StatefulRedisConnection<String, String> admin = adminClient.connect();

  // The default user stays, without a password, for the test's own connection.
  private static String[] user(String... permissions) {
    List<String> args =
        new java.util.ArrayList<>(List.of("--user", "channels", "on", ">" + PASSWORD, "~*", "&*"));
    args.addAll(List.of(permissions));
    return args.toArray(String[]::new);
  }

  @AfterEach
  void stop() {
    layer.close();
    admin.close();
    adminClient.shutdown();
    redis.kill();
  }

  private void restartEmpty(String... permissions) {
    redis.kill();
    redis = RedisServers.startOn(port, user(permissions));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(layer::isConnected);
  }

  // An outage that Redis comes back from with its data, as after a restart that reloads its dump.
  private Path stopKeepingData() {
    admin.sync().save();
    Path data = redis.dir();
    redis.kill();
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !layer.isConnected());
    return data;
  }

  private void restartWith(Path data) {
    List<String> args = new java.util.ArrayList<>(List.of(user("+@all")));
    args.addAll(List.of("--dir", data.toString()));
    redis = RedisServers.startOn(port, args.toArray(String[]::new));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(layer::isConnected);
  }

  private Double score(String channel) {
    return admin.sync().zscore("asgi:group:room", channel);
  }

  private void awaitRestored(String channel) {
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> score(channel) != null);
  }

  private Message next(String channel) {
    return layer
        .blocking()
        .receive(channel, Duration.ofSeconds(20))
        .orElseThrow(() -> new AssertionError("nothing arrived on " + channel));
  }

  @Test
  void aReAddRedisRefusesIsRetriedUntilRedisTakesIt() {
    String member = layer.newChannel();
    layer.groupAdd("room", member).join();

    try (StandardErr err = StandardErr.capture()) {
      restartEmpty("+@all", "-@scripting");
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> err.text().contains("Could not restore 1 of 1 group memberships"));
    }
    admin.sync().aclSetuser("channels", AclSetuserArgs.Builder.addCategory(AclCategory.SCRIPTING));

    awaitRestored(member);
    layer.groupSend("room", Message.of("chat.message", "message", "back")).join();
    assertThat(next(member)).isEqualTo(Message.of("chat.message", "message", "back"));
  }

  @Test
  void aMembershipDiscardedWhileItsReAddWasRefusedIsNotPutBack() {
    String discarded = layer.newChannel();
    String kept = layer.newChannel();
    layer.groupAdd("room", discarded).join();
    layer.groupAdd("room", kept).join();

    try (StandardErr err = StandardErr.capture()) {
      restartEmpty("+@all", "-@scripting");
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> err.text().contains("Could not restore 2 of 2 group memberships"));
    }
    layer.groupDiscard("room", discarded).exceptionally(refusedToo -> null).join();
    admin.sync().aclSetuser("channels", AclSetuserArgs.Builder.addCategory(AclCategory.SCRIPTING));

    awaitRestored(kept);
    assertThat(score(discarded)).as("the discarded membership's score").isNull();
  }

  @Test
  void aRestoredMembershipKeepsTheTimeOfItsLastAdd() {
    String member = layer.newChannel();
    long joined = clock.millis();
    layer.groupAdd("room", member).join();
    clock.advance(Duration.ofHours(1));

    restartEmpty("+@all");

    awaitRestored(member);
    assertThat(score(member)).isCloseTo(joined / 1000.0, org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void aRestoredMembershipStillEndsGroupExpiryAfterItsLastAdd() {
    String early = layer.newChannel();
    layer.groupAdd("room", early).join();
    clock.advance(Duration.ofHours(1));
    restartEmpty("+@all");
    awaitRestored(early);

    String late = layer.newChannel();
    layer.groupAdd("room", late).join();
    clock.advance(Duration.ofMinutes(90)); // 2.5 h after the early add, 1.5 h after the late one
    restartEmpty("+@all");
    awaitRestored(late);

    layer.groupSend("room", Message.of("chat.message", "message", "after")).join();
    layer.send(early, Message.of("chat.message", "message", "direct")).join();
    assertThat(next(late)).isEqualTo(Message.of("chat.message", "message", "after"));
    assertThat(next(early)).isEqualTo(Message.of("chat.message", "message", "direct"));
  }

  @Test
  void aDiscardRedisCouldNotTakeDuringAnOutageIsMadeOnceItIsBack() {
    String leaving = layer.newChannel();
    String staying = layer.newChannel();
    layer.groupAdd("room", leaving).join();
    layer.groupAdd("room", staying).join();

    Path data = stopKeepingData();
    assertThatThrownBy(() -> layer.groupDiscard("room", leaving).join())
        .hasCauseInstanceOf(BackendUnavailableException.class);
    restartWith(data);

    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> score(leaving) == null);
    assertThat(score(staying)).as("the staying member's score").isNotNull();
    layer.groupSend("room", Message.of("chat.message", "message", "after")).join();
    assertThat(next(staying)).isEqualTo(Message.of("chat.message", "message", "after"));
    assertThat(layer.blocking().receive(leaving, Duration.ofMillis(300))).isEmpty();
  }

  @Test
  void aChannelThatJoinsAgainAfterItsDiscardFailedStaysInTheGroup() {
    String member = layer.newChannel();
    layer.groupAdd("room", member).join();

    Path data = stopKeepingData();
    assertThatThrownBy(() -> layer.groupDiscard("room", member).join())
        .hasCauseInstanceOf(BackendUnavailableException.class);
    assertThatThrownBy(() -> layer.groupAdd("room", member).join())
        .hasCauseInstanceOf(BackendUnavailableException.class);
    try (StandardErr err = StandardErr.capture()) {
      restartWith(data);
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> err.text().contains("re-adding 1 group memberships"));
      assertThat(err.text()).contains("making 0 discards");
    }

    layer.groupSend("room", Message.of("chat.message", "message", "still here")).join();
    assertThat(next(member)).isEqualTo(Message.of("chat.message", "message", "still here"));
  }

  @Test
  void aDiscardRedisRefusedIsMadeAtALaterSweepWithoutAReconnect() {
    // A short expiry makes the layer sweep often.
    try (RedisChannelLayer sweeping =
        RedisChannelLayer.builder()
            .settings(ChannelLayerSettings.builder().expiry(Duration.ofMillis(400)).build())
            .options(
                RedisLayerOptions.builder()
                    .hosts(List.of("redis://channels:" + PASSWORD + "@127.0.0.1:" + port + "/0"))
                    .build())
            .build()) {
      String member = sweeping.newChannel();
      sweeping.groupAdd("room", member).join();

      admin
          .sync()
          .aclSetuser("channels", AclSetuserArgs.Builder.removeCategory(AclCategory.SCRIPTING));
      assertThatThrownBy(() -> sweeping.groupDiscard("room", member).join())
          .hasMessageContaining("NOPERM");
      admin
          .sync()
          .aclSetuser("channels", AclSetuserArgs.Builder.addCategory(AclCategory.SCRIPTING));

      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> score(member) == null);
      assertThat(sweeping.isConnected()).as("no reconnect was needed").isTrue();
    }
  }
}
