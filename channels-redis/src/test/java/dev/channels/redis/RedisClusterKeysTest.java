package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedisClusterKeysTest {

  private final RedisKeys single = new RedisKeys("asgi");
  private final RedisKeys cluster = new RedisKeys("asgi", true);

  @Test
  void withoutAClusterTheNamesAreChannelsRedisOwn() {
    assertThat(text(single.queueOf("specific.abc!x1"))).isEqualTo("asgispecific.abc!");
    assertThat(text(single.group("room"))).isEqualTo("asgi:group:room");
  }

  @Test
  void onAClusterQueuesAreTaggedByTheirQueueAndGroupsByTheGroup() {
    assertThat(text(cluster.queueOf("specific.abc!x1"))).isEqualTo("asgi{specific.abc!}");
    assertThat(text(cluster.queue("http.request"))).isEqualTo("asgi{http.request}");
    assertThat(text(cluster.group("room"))).isEqualTo("asgi:group:{room}");
    assertThat(text(cluster.groupIndex("room"))).isEqualTo("asgi:groupindex:{room}");
  }

  @Test
  void everyKeyOfAGroupSharesTheGroupsSlot() {
    int slot = ClusterTags.slot(cluster.group("room"));

    assertThat(ClusterTags.slot(cluster.groupIndex("room"))).isEqualTo(slot);
    assertThat(ClusterTags.slot(cluster.groupMembers("room", "specific.abc!"))).isEqualTo(slot);
    assertThat(ClusterTags.slot(cluster.presenceEntries("room"))).isEqualTo(slot);
    assertThat(ClusterTags.slot(cluster.presenceByKey("room"))).isEqualTo(slot);
    assertThat(ClusterTags.slot(cluster.presenceOwners("room"))).isEqualTo(slot);
    assertThat(ClusterTags.slot(cluster.presenceOwned("room"))).isEqualTo(slot);
  }

  @Test
  void differentGroupsAndQueuesSpreadOverManySlots() {
    Set<Integer> slots = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      slots.add(ClusterTags.slot(cluster.group("room" + i)));
      slots.add(ClusterTags.slot(cluster.queue("specific.instance" + i + "!")));
    }

    assertThat(slots).hasSizeGreaterThan(190);
  }

  @Test
  void aPrefixWithATagOfItsOwnKeepsChannelsRedisNamesInOneSlot() {
    RedisKeys oneSlot = new RedisKeys("{asgi}", true);

    assertThat(oneSlot.tagged()).isFalse();
    assertThat(text(oneSlot.group("room"))).isEqualTo("{asgi}:group:room");
    assertThat(ClusterTags.slot(oneSlot.queue("specific.abc!")))
        .isEqualTo(ClusterTags.slot(oneSlot.group("room")));
  }

  @Test
  void taggedKeysAreRecognisedAsTheQueuesAndGroupsTheyHold() {
    assertThat(cluster.owner(cluster.queue("specific.abc!")))
        .isEqualTo(new RedisKeys.Owned(RedisKeys.Kind.QUEUE, "specific.abc!"));
    assertThat(cluster.owner(cluster.group("room")))
        .isEqualTo(new RedisKeys.Owned(RedisKeys.Kind.GROUP, "room"));
    assertThat(cluster.owner(cluster.groupMembers("room", "specific.abc!")).kind())
        .isEqualTo(RedisKeys.Kind.HELPER);
    assertThat(cluster.owner(cluster.presenceOwners("room")).kind())
        .isEqualTo(RedisKeys.Kind.HELPER);
  }

  private static String text(byte[] key) {
    return RedisKeys.text(key);
  }
}
