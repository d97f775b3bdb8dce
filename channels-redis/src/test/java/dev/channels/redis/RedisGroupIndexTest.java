package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayerSettings;
import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.Message;
import dev.channels.redis.testing.RedisServers;
import dev.channels.spi.ChannelIds;
import dev.channels.spi.Names;
import dev.channels.test.TestNames;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The group index beside each group: how long its parts live, and what a group send reads. */
class RedisGroupIndexTest {

  private final String prefix = TestNames.unique("index") + ":";
  private final RedisClient raw = RedisClient.create(RedisServers.url());
  private final StatefulRedisConnection<String, String> redis = raw.connect();
  private RedisChannelLayer layer;

  private RedisChannelLayer layer(ChannelLayerSettings settings) {
    return layer(settings, InstantSource.system());
  }

  private RedisChannelLayer layer(ChannelLayerSettings settings, InstantSource clock) {
    layer =
        RedisChannelLayer.builder()
            .settings(settings)
            .clock(clock)
            .options(
                RedisLayerOptions.builder()
                    .hosts(List.of(RedisServers.url()))
                    .prefix(prefix)
                    .build())
            .build();
    return layer;
  }

  @AfterEach
  void cleanUp() {
    layer.flush().join();
    layer.close();
    redis.close();
    raw.shutdown();
  }

  @Test
  void anInstanceForgetsTheIndexesOfGroupsItHasNotSentToForTenMinutes() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    // A short expiry makes the layer sweep often.
    RedisChannelLayer layer =
        layer(ChannelLayerSettings.builder().expiry(Duration.ofMillis(200)).build(), now::get);
    for (String group : List.of("kept", "forgotten", "also_forgotten")) {
      layer.groupAdd(group, layer.newChannel()).join();
      layer.groupSend(group, Message.of("test.hello")).join();
    }
    assertThat(layer.cachedGroupIndexes()).isEqualTo(3);

    now.set(now.get().plus(Duration.ofMinutes(9)));
    layer.groupSend("kept", Message.of("test.hello")).join();
    now.set(now.get().plus(Duration.ofMinutes(2)));

    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(layer.cachedGroupIndexes()).isEqualTo(1));
    String member = layer.newChannel();
    layer.groupAdd("forgotten", member).join();
    layer.groupSend("forgotten", Message.of("test.again")).join();
    assertThat(layer.blocking().receive(member, Duration.ofSeconds(10)))
        .contains(Message.of("test.again"));
  }

  @Test
  void renewingAMembershipRenewsTheTimeToLiveOfItsInstancesMemberSet() {
    RedisChannelLayer layer = layer(ChannelLayerSettings.defaults());
    String channel = layer.newChannel();
    layer.groupAdd("room", channel).join();
    String memberSet = prefix + ":groupindex:room#" + Names.nonLocalName(channel);
    assertThat(redis.sync().smembers(memberSet)).containsExactly(channel);
    redis.sync().expire(memberSet, 5);

    layer.groupAdd("room", channel).join();

    assertThat(redis.sync().ttl(memberSet))
        .as("the member set's time to live after the renewal")
        .isEqualTo(redis.sync().ttl(prefix + ":group:room"))
        .isGreaterThan(86_000);
  }

  static Stream<Arguments> members() {
    return Stream.of(
        Arguments.of("a Spring instance's queue", false),
        Arguments.of("a Django process's queue", true));
  }

  // channels_redis's group_send takes each queue's capacity from get_capacity(channel) of a
  // member's full name. "specific.*!?*" matches such a name, and not the queue's "specific.<id>!".
  @ParameterizedTest(name = "{0}")
  @MethodSource("members")
  void aGroupSendAppliesTheCapacityOfTheMembersFullNameAsChannelsRedisDoes(
      String label, boolean django) {
    RedisChannelLayer layer =
        layer(ChannelLayerSettings.builder().channelCapacity("specific.*!?*", 1).build());
    String member =
        django
            ? "specific.3f2a9c1e7b4d4c8e9a1b2c3d4e5f6a7b!" + ChannelIds.newLocalId()
            : layer.newChannel();
    layer.groupAdd("room", member).join();
    layer.send(member, Message.of("test.direct")).join();

    layer.groupSend("room", Message.of("test.group")).join();

    assertThat(layer.stats().dropped(DropReason.CAPACITY)).as("dropped at capacity").isEqualTo(1);
    assertThat(redis.sync().zcard(prefix + Names.nonLocalName(member)))
        .as("messages in the member's queue")
        .isEqualTo(1);
  }

  // channels_redis bounds a process's whole queue by one channel's capacity, so a process whose
  // queue lags by that many messages misses a group's message for all its members at once. A
  // Spring instance takes its queue at once and bounds each channel in memory: its queue is given
  // the capacity once for each of the group's members it holds.
  @Test
  void aSpringInstancesQueueHoldsTheCapacityOfEachOfTheGroupsMembersItServes() {
    RedisChannelLayer layer = layer(ChannelLayerSettings.builder().capacity(2).build());
    List<String> members = List.of(layer.newChannel(), layer.newChannel(), layer.newChannel());
    for (String member : members) {
      layer.groupAdd("room", member).join();
    }

    for (int i = 0; i < 5; i++) {
      layer.groupSend("room", Message.of("test.group", "n", i)).join();
    }

    assertThat(redis.sync().zcard(prefix + Names.nonLocalName(members.get(0))))
        .as("messages in the instance's queue, nobody receiving yet")
        .isEqualTo(5);
    assertThat(layer.stats().dropped(DropReason.CAPACITY)).isZero();
  }

  @Test
  void aDjangoProcesssQueueKeepsOneChannelsCapacityForAllItsMembersAsChannelsRedisDoes() {
    RedisChannelLayer layer = layer(ChannelLayerSettings.builder().capacity(2).build());
    String queue = "specific.3f2a9c1e7b4d4c8e9a1b2c3d4e5f6a7b!";
    for (int i = 0; i < 3; i++) {
      layer.groupAdd("room", queue + ChannelIds.newLocalId()).join();
    }

    for (int i = 0; i < 5; i++) {
      layer.groupSend("room", Message.of("test.group", "n", i)).join();
    }

    assertThat(redis.sync().zcard(prefix + queue)).isEqualTo(2);
    assertThat(layer.stats().dropped(DropReason.CAPACITY))
        .as("three sends skipped, for each of three members")
        .isEqualTo(9);
  }
}
