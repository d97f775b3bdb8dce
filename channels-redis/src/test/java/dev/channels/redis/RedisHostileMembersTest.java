package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.Message;
import dev.channels.redis.testing.RedisServers;
import dev.channels.test.TestNames;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever lands among a group's members, written straight into Redis by a hand edit, another
 * application or a bug: the real members still get every group send, the member the layer cannot
 * use is skipped and counted, and no script stops halfway leaving a room that reaches nobody.
 */
class RedisHostileMembersTest {

  private static final String ROOM = "room";

  private final String prefix = TestNames.unique("hostile-members") + ":";
  private final RedisKeys keys = new RedisKeys(prefix);
  private final RedisClient raw = RedisClient.create(RedisServers.url());
  private final StatefulRedisConnection<byte[], byte[]> connection =
      raw.connect(ByteArrayCodec.INSTANCE);
  private final RedisCommands<byte[], byte[]> redis = connection.sync();
  private RedisChannelLayer first;
  private RedisChannelLayer second;
  private String member;
  private String otherMember;

  @BeforeEach
  void twoInstancesShareARoom() {
    first = layer();
    second = layer();
    member = first.newChannel();
    otherMember = second.newChannel();
    first.groupAdd(ROOM, member).join();
    second.groupAdd(ROOM, otherMember).join();
  }

  @AfterEach
  void cleanUp() {
    first.flush().join();
    first.close();
    second.close();
    connection.close();
    raw.shutdown();
  }

  private RedisChannelLayer layer() {
    return RedisChannelLayer.builder()
        .options(
            RedisLayerOptions.builder().hosts(List.of(RedisServers.url())).prefix(prefix).build())
        .build();
  }

  static Stream<Arguments> unusableMembers() {
    return Stream.of(
        Arguments.of("an empty name", new byte[0]),
        Arguments.of("101 bytes, one more than a channel name has", repeat('a', 101)),
        Arguments.of("256 bytes, more than one length byte holds", repeat('z', 256)),
        Arguments.of("100,000 bytes", repeat('q', 100_000)),
        Arguments.of("bytes that are not UTF-8", new byte[] {'x', (byte) 0xff, (byte) 0xfe, '!'}),
        Arguments.of("a space in it", "specific. x!y".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("two bangs", "specific.a!b!c".getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusableMembers")
  void aMemberThatIsNoChannelNameIsSkippedCountedAndTheRoomStillDelivers(
      String kind, byte[] hostile) {
    plantMember(hostile);

    for (int i = 0; i < 3; i++) {
      first.groupSend(ROOM, Message.of("chat.message", "n", i)).join();
      assertBothMembersReceive(Message.of("chat.message", "n", i));
    }

    assertThat(first.stats().dropped(DropReason.UNUSABLE))
        .as("one skipped member counted by each of the three sends")
        .isEqualTo(3);
  }

  @Test
  void aMemberWhoseQueueKeyHoldsAnotherTypeIsSkippedAndTheQueuesAfterItStillGetTheMessage() {
    String squatted = "specific.squatted!x";
    plantMember(squatted.getBytes(StandardCharsets.UTF_8));
    redis.set(keys.queueOf(squatted), "not a queue".getBytes(StandardCharsets.UTF_8));

    first.groupSend(ROOM, Message.of("chat.message")).join();

    assertBothMembersReceive(Message.of("chat.message"));
    assertThat(first.stats().dropped(DropReason.UNUSABLE)).isEqualTo(1);
    assertThat(redis.type(keys.queueOf(squatted)))
        .as("the squatter's key is left alone")
        .isEqualTo("string");
  }

  @Test
  void anIndexKeyOfAnotherTypeIsRebuiltAndTheRoomDelivers() {
    redis.del(keys.groupIndex(ROOM));
    redis.set(keys.groupIndex(ROOM), "squatted".getBytes(StandardCharsets.UTF_8));

    first.groupSend(ROOM, Message.of("chat.message")).join();

    assertBothMembersReceive(Message.of("chat.message"));
  }

  @Test
  void aNewMemberJoiningARoomWithAHostileMemberGetsTheRoomsMessagesToo() {
    plantMember(repeat('z', 256));
    first.groupSend(ROOM, Message.of("chat.before")).join();
    assertBothMembersReceive(Message.of("chat.before"));

    String newcomer = second.newChannel();
    second.groupAdd(ROOM, newcomer).join();
    first.groupSend(ROOM, Message.of("chat.after")).join();

    assertBothMembersReceive(Message.of("chat.after"));
    assertThat(second.blocking().receive(newcomer, Duration.ofSeconds(20)))
        .contains(Message.of("chat.after"));
  }

  @Test
  void aMemberOfNoInstanceIsReportedAsUnreadOnceItsQueueIsFull() {
    plantMember("specific.nobody!reads".getBytes(StandardCharsets.UTF_8));
    int capacity = 100;

    for (int i = 0; i <= capacity; i++) {
      first.groupSend(ROOM, Message.of("chat.message", "n", i)).join();
      assertBothMembersReceive(Message.of("chat.message", "n", i));
    }

    assertThat(first.unreadGroupMembers()).as("members behind a full queue").isEqualTo(1);
    assertThat(first.stats().dropped(DropReason.CAPACITY)).isEqualTo(1);
    assertThat(first.stats().dropped(DropReason.UNUSABLE))
        .as("a valid name is not unusable")
        .isZero();
  }

  @Test
  void aGroupOfThousandsOfQueuesIsWrittenInScriptCallsOfBoundedSize() {
    int bogus = 2_000;
    double now = System.currentTimeMillis() / 1000.0;
    for (int i = 0; i < bogus; i++) {
      redis.zadd(keys.group(ROOM), now, ("bogus.member" + i).getBytes(StandardCharsets.UTF_8));
    }

    first.groupSend(ROOM, Message.of("chat.message")).join();
    assertBothMembersReceive(Message.of("chat.message"));

    long written = 0;
    for (int i = 0; i < bogus; i++) {
      written += redis.zcard(keys.queue("bogus.member" + i));
    }
    assertThat(written).as("every bogus member's queue got the message once").isEqualTo(bogus);
    assertThat(GroupRouter.QUEUES_PER_CALL)
        .as("queues the group script writes itself; the rest go in queue-write calls of 128")
        .isLessThanOrEqualTo(128);
  }

  @Test
  void aLargeGroupChangedBehindTheLayersBackIsReindexedAChunkAtATimeAndReachesEveryQueue() {
    int members = 5 * LargeGroups.CHUNK;
    double now = System.currentTimeMillis() / 1000.0;
    for (int i = 0; i < members; i++) {
      String name = "specific.process" + (i % 5) + "!" + i;
      redis.zadd(keys.group(ROOM), now, name.getBytes(StandardCharsets.UTF_8));
    }
    plantMember(repeat('z', 256));

    first.groupSend(ROOM, Message.of("chat.message")).join();
    second.groupSend(ROOM, Message.of("chat.again")).join();

    assertBothMembersReceive(Message.of("chat.message"));
    assertBothMembersReceive(Message.of("chat.again"));
    for (int process = 0; process < 5; process++) {
      assertThat(redis.zcard(keys.queue("specific.process" + process + "!")))
          .as("one message per send in the queue of Django process %d", process)
          .isEqualTo(2);
    }
    assertThat(
            first.stats().dropped(DropReason.UNUSABLE)
                + second.stats().dropped(DropReason.UNUSABLE))
        .as("the unusable member, skipped by both sends")
        .isEqualTo(2);
    assertThat(redis.exists(keys.groupMembers(ROOM, "staging!")))
        .as("the index being built, once it replaced the index")
        .isZero();
  }

  private void assertBothMembersReceive(Message expected) {
    assertThat(first.blocking().receive(member, Duration.ofSeconds(20))).contains(expected);
    assertThat(second.blocking().receive(otherMember, Duration.ofSeconds(20))).contains(expected);
  }

  // As the hand edit in the report: a recent score, so group expiry keeps the member.
  private void plantMember(byte[] name) {
    redis.zadd(keys.group(ROOM), System.currentTimeMillis() / 1000.0 - 1000, name);
  }

  private static byte[] repeat(char c, int times) {
    byte[] out = new byte[times];
    Arrays.fill(out, (byte) c);
    return out;
  }
}
