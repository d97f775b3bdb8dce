package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayerException;
import dev.channels.Message;
import dev.channels.redis.testing.RedisServers;
import dev.channels.spi.ChannelIds;
import dev.channels.test.TestNames;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Several application instances on one Redis, and groups changed behind the layer's back as a
 * Django peer would change them: every message still reaches exactly the current members.
 */
class RedisInstancesTest {

  private final String prefix = TestNames.unique("instances") + ":";
  private final List<RedisChannelLayer> layers = new ArrayList<>();
  private final RedisClient raw = RedisClient.create(RedisServers.url());
  private final StatefulRedisConnection<String, String> redis = raw.connect();

  private RedisChannelLayer instance() {
    RedisChannelLayer layer =
        RedisChannelLayer.builder()
            .options(
                RedisLayerOptions.builder()
                    .hosts(List.of(RedisServers.url()))
                    .prefix(prefix)
                    .build())
            .build();
    layers.add(layer);
    return layer;
  }

  @AfterEach
  void cleanUp() {
    layers.get(0).flush().join();
    layers.forEach(RedisChannelLayer::close);
    redis.close();
    raw.shutdown();
  }

  private static Message chat(String text) {
    return Message.of("chat.message", "message", text);
  }

  private static Message next(RedisChannelLayer layer, String channel) {
    return layer
        .blocking()
        .receive(channel, Duration.ofSeconds(20))
        .orElseThrow(() -> new AssertionError("nothing arrived on " + channel));
  }

  @Test
  void aGroupSendReachesTheMembersOfEveryInstance() {
    RedisChannelLayer first = instance();
    RedisChannelLayer second = instance();
    List<String> firstMembers = List.of(first.newChannel(), first.newChannel());
    List<String> secondMembers =
        List.of(second.newChannel(), second.newChannel(), second.newChannel());
    firstMembers.forEach(channel -> first.groupAdd("room", channel).join());
    secondMembers.forEach(channel -> second.groupAdd("room", channel).join());

    for (int i = 0; i < 3; i++) {
      (i % 2 == 0 ? first : second).groupSend("room", chat("round " + i)).join();
    }

    for (int i = 0; i < 3; i++) {
      for (String channel : firstMembers) {
        assertThat(next(first, channel)).isEqualTo(chat("round " + i));
      }
      for (String channel : secondMembers) {
        assertThat(next(second, channel)).isEqualTo(chat("round " + i));
      }
    }
  }

  @Test
  void aChannelAddedToAGroupByAnotherInstanceGetsTheGroupsMessages() {
    RedisChannelLayer owner = instance();
    RedisChannelLayer other = instance();
    String channel = owner.newChannel();
    String known = owner.newChannel();
    owner.groupAdd("room", known).join();
    owner.groupSend("room", chat("warm up")).join();
    assertThat(next(owner, known)).isEqualTo(chat("warm up"));

    other.groupAdd("room", channel).join();
    other.groupSend("room", chat("to both")).join();

    assertThat(next(owner, channel)).isEqualTo(chat("to both"));
    assertThat(next(owner, known)).isEqualTo(chat("to both"));
  }

  @Test
  void aMemberRemovedBehindTheLayersBackGetsNoMore() {
    RedisChannelLayer layer = instance();
    String staying = layer.newChannel();
    String removed = layer.newChannel();
    layer.groupAdd("room", staying).join();
    layer.groupAdd("room", removed).join();
    layer.groupSend("room", chat("before")).join();
    assertThat(next(layer, removed)).isEqualTo(chat("before"));

    redis.sync().zrem(prefix + ":group:room", removed);
    layer.groupSend("room", chat("after")).join();
    layer.send(removed, chat("direct")).join();

    assertThat(next(layer, staying)).isEqualTo(chat("before"));
    assertThat(next(layer, staying)).isEqualTo(chat("after"));
    assertThat(next(layer, removed)).isEqualTo(chat("direct"));
  }

  @Test
  void aMemberAddedBehindTheLayersBackGetsTheNextMessage() {
    RedisChannelLayer layer = instance();
    String member = layer.newChannel();
    layer.groupAdd("room", member).join();
    layer.groupSend("room", chat("before")).join();

    String late = layer.newChannel();
    redis.sync().zadd(prefix + ":group:room", System.currentTimeMillis() / 1000.0, late);
    redis.sync().zadd(prefix + ":group:room", System.currentTimeMillis() / 1000.0, "plain.channel");
    layer.groupSend("room", chat("after")).join();

    assertThat(next(layer, member)).isEqualTo(chat("before"));
    assertThat(next(layer, member)).isEqualTo(chat("after"));
    assertThat(next(layer, late)).isEqualTo(chat("after"));
    assertThat(next(layer, "plain.channel")).isEqualTo(chat("after"));
  }

  static Stream<Arguments> userDataWithGroupKeys() {
    return Stream.of(
        Arguments.of(
            "both group keys",
            Message.builder("chat.message")
                .put("__asgi_group__", "room")
                .put("__asgi_group_version__", "forged.1")
                .put("message", "user data")
                .build()),
        Arguments.of(
            "only __asgi_group__",
            Message.builder("chat.message")
                .put("__asgi_group__", "room")
                .put("message", "user data")
                .build()),
        Arguments.of(
            "only __asgi_group_version__",
            Message.builder("chat.message")
                .put("__asgi_group_version__", 7)
                .put("message", "user data")
                .build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userDataWithGroupKeys")
  void aDirectSendWhoseDataUsesTheGroupKeysReachesOnlyItsTargetIntact(
      String label, Message userData) {
    RedisChannelLayer sender = instance();
    RedisChannelLayer receiver = instance();
    String target = receiver.newChannel();
    String bystander = receiver.newChannel();
    receiver.groupAdd("room", target).join();
    receiver.groupAdd("room", bystander).join();

    sender.send(target, userData).join();
    sender.send("plain.worker", userData).join();
    sender.groupSend("room", chat("next")).join();

    assertThat(next(receiver, target)).as("the target, first").isEqualTo(userData);
    assertThat(next(receiver, target)).as("the target, then").isEqualTo(chat("next"));
    assertThat(next(receiver, bystander)).as("the other member").isEqualTo(chat("next"));
    assertThat(next(receiver, "plain.worker")).as("a normal channel").isEqualTo(userData);
  }

  static Stream<Arguments> newcomers() {
    return Stream.of(
        Arguments.of("a channel of the same instance", false),
        Arguments.of("a Django process's channel", true));
  }

  // channels_redis's group_discard is a ZREM; its group_add a ZADD scored by its own clock, then an
  // EXPIRE. With that clock behind, the newcomer scores below the newest member, and the group
  // keeps its size: only the key's expiry time tells that it changed.
  @ParameterizedTest(name = "{0}")
  @MethodSource("newcomers")
  void aDjangoPeerSwappingAMemberWithAClockBehindIsSeenByTheNextGroupSend(
      String label, boolean django) {
    RedisChannelLayer layer = instance();
    String leaving = layer.newChannel();
    String staying = layer.newChannel();
    layer.groupAdd("room", leaving).join();
    layer.groupAdd("room", staying).join();
    layer.groupSend("room", chat("before")).join();
    assertThat(next(layer, leaving)).isEqualTo(chat("before"));
    assertThat(next(layer, staying)).isEqualTo(chat("before"));
    String newcomer =
        django
            ? "specific.3f2a9c1e7b4d4c8e9a1b2c3d4e5f6a7b!" + ChannelIds.newLocalId()
            : layer.newChannel();

    String group = prefix + ":group:room";
    double newest = redis.sync().zscore(group, staying);
    redis.sync().zrem(group, leaving);
    redis.sync().zadd(group, newest - 5, newcomer);
    redis.sync().expire(group, 86400);
    assertThat(redis.sync().zcard(group)).as("the group's size").isEqualTo(2);
    assertThat(redis.sync().zrevrangeWithScores(group, 0, 0).get(0).getValue())
        .as("its newest member")
        .isEqualTo(staying);
    layer.groupSend("room", chat("after")).join();
    layer.send(leaving, chat("direct")).join();

    assertThat(next(layer, newcomer)).isEqualTo(chat("after"));
    assertThat(next(layer, staying)).isEqualTo(chat("after"));
    assertThat(next(layer, leaving)).isEqualTo(chat("direct"));
  }

  // What channels_redis never does: a ZREM and a ZADD without EXPIRE leave size, newest score and
  // expiry as they were. The periodic check of the members' hash finds it, within a second for a
  // small group.
  @Test
  void aHandEditThatLeavesTheFingerprintAsItWasIsFoundByThePeriodicCheck() {
    RedisChannelLayer layer = instance();
    String leaving = layer.newChannel();
    String staying = layer.newChannel();
    String newcomer = layer.newChannel();
    layer.groupAdd("room", leaving).join();
    layer.groupAdd("room", staying).join();
    layer.groupSend("room", chat("before")).join();

    String group = prefix + ":group:room";
    double newest = redis.sync().zscore(group, staying);
    redis.sync().zrem(group, leaving);
    redis.sync().zadd(group, newest - 5, newcomer);

    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              layer.groupSend("room", chat("probe")).join();
              return layer.blocking().receive(newcomer, Duration.ofMillis(100)).isPresent();
            });
    layer.groupSend("room", chat("after")).join();
    layer.send(leaving, chat("direct")).join();

    List<Message> toLeaving = new ArrayList<>();
    Message last;
    do {
      last = next(layer, leaving);
      toLeaving.add(last);
    } while (!last.equals(chat("direct")));
    assertThat(toLeaving).doesNotContain(chat("after"));
  }

  @Test
  void layersWithDifferentPrefixesOnOneRedisNeverSeeEachOthersMessages() {
    RedisChannelLayer ours = instance();
    RedisChannelLayer theirs =
        RedisChannelLayer.builder()
            .options(
                RedisLayerOptions.builder()
                    .hosts(List.of(RedisServers.url()))
                    .prefix(prefix + "other-app:")
                    .build())
            .build();
    try {
      String mine = ours.newChannel();
      String other = theirs.newChannel();
      ours.groupAdd("shared_name", mine).join();
      theirs.groupAdd("shared_name", other).join();

      theirs.groupSend("shared_name", chat("for the other app"));
      theirs.send("plain.name", chat("for the other app")).join();
      ours.groupSend("shared_name", chat("for us")).join();
      ours.send("plain.name", chat("for us")).join();

      assertThat(next(ours, mine)).isEqualTo(chat("for us"));
      assertThat(next(ours, "plain.name")).isEqualTo(chat("for us"));
      assertThat(next(theirs, other)).isEqualTo(chat("for the other app"));
      assertThat(next(theirs, "plain.name")).isEqualTo(chat("for the other app"));

      // The other prefix starts with ours: SCAN <ours>* finds its keys too.
      theirs.send("unread.queue", chat("for the other app")).join();
      theirs.send("unread.queue", chat("for the other app")).join();
      ours.send("unread.queue", chat("for us")).join();
      assertThat(ours.snapshot().join().groups()).isEqualTo(Map.of("shared_name", 1));
      assertThat(ours.snapshot().join().channels()).isEqualTo(Map.of("unread.queue", 1));

      ours.flush().join();

      assertThat(ours.snapshot().join().groups()).isEmpty();
      assertThat(ours.snapshot().join().channels()).isEmpty();
      assertThat(theirs.snapshot().join().groups()).isEqualTo(Map.of("shared_name", 1));
      assertThat(theirs.snapshot().join().channels()).isEqualTo(Map.of("unread.queue", 2));
      assertThat(redis.sync().exists(prefix + "other-app::group:shared_name")).isEqualTo(1);
    } finally {
      theirs.flush().join();
      theirs.close();
    }
  }

  @Test
  void aBlockingCallInsideAReceiveCallbackFailsClearlyInsteadOfDeadlocking() {

    RedisChannelLayer layer = instance();
    String channel = layer.newChannel();
    CompletableFuture<Throwable> failure =
        layer
            .receive(channel)
            .handle(
                (message, error) -> {
                  try {
                    layer.blocking().send("test.elsewhere", chat("from a callback"));
                    return null;
                  } catch (ChannelLayerException e) {
                    return e;
                  }
                });

    layer.send(channel, chat("wake up")).join();

    assertThat(failure.join())
        .isInstanceOf(ChannelLayerException.class)
        .hasMessageContaining("inside a receive callback, on the layer's I/O thread")
        .hasMessageContaining("thenAcceptAsync");
    assertThat(layer.blocking().receive("test.elsewhere", Duration.ofMillis(200)))
        .as("a refused call has no effect")
        .isEmpty();
  }

  @Test
  void aDiscardedMemberOfABusyGroupGetsNoMore() {
    RedisChannelLayer first = instance();
    RedisChannelLayer second = instance();
    List<String> members = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String channel = (i % 2 == 0 ? first : second).newChannel();
      (i % 2 == 0 ? first : second).groupAdd("busy", channel).join();
      members.add(channel);
    }
    second.groupDiscard("busy", members.get(1)).join();
    first.groupDiscard("busy", members.get(0)).join();

    first.groupSend("busy", chat("after leaving")).join();
    first.send(members.get(0), chat("direct")).join();
    second.send(members.get(1), chat("direct")).join();

    assertThat(next(first, members.get(0))).isEqualTo(chat("direct"));
    assertThat(next(second, members.get(1))).isEqualTo(chat("direct"));
    for (int i = 2; i < 20; i++) {
      RedisChannelLayer owner = i % 2 == 0 ? first : second;
      assertThat(next(owner, members.get(i))).isEqualTo(chat("after leaving"));
    }
  }
}
