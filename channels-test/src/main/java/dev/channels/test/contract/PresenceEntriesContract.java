package dev.channels.test.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.InvalidMessageException;
import dev.channels.Page;
import dev.channels.Presence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Presence entries: a channel present in a group under a key with its data, listed grouped by key
 * and sorted by it, a page of keys at a time, never splitting a key's connections. For backends
 * that list {@link dev.channels.Extension#PRESENCE}.
 */
public abstract class PresenceEntriesContract extends LayerContractSupport {

  @Test
  void listsEntriesGroupedByKeyWithEachConnectionsData() {
    String laptop = layer.newChannel();
    String phone = layer.newChannel();
    String bobs = layer.newChannel();
    await(layer.presenceJoin("test_room", phone, "alice", Map.of("device", "phone")));
    await(layer.presenceJoin("test_room", bobs, "bob", Map.of("device", "laptop")));
    await(layer.presenceJoin("test_room", laptop, "alice", Map.of("device", "laptop")));

    Page<Presence> page = await(layer.presence("test_room"));

    assertThat(page.items()).extracting(Presence::key).containsExactly("alice", "bob");
    assertThat(page.items().get(0).connections())
        .containsExactlyInAnyOrder(
            new Presence.Connection(laptop, Map.of("device", "laptop")),
            new Presence.Connection(phone, Map.of("device", "phone")));
    assertThat(page.items().get(1).connections())
        .containsExactly(new Presence.Connection(bobs, Map.of("device", "laptop")));
    assertThat(page.next()).isNull();
  }

  @Test
  void keepsTheDataAsMessagePackValues() {
    String channel = layer.newChannel();
    Map<String, Object> data =
        Map.of("name", "Alice", "age", 7L, "tags", List.of("a", "b"), "nested", Map.of("x", 1.5));

    await(layer.presenceJoin("test_room", channel, "alice", data));

    assertThat(await(layer.presence("test_room")).items().get(0).data()).isEqualTo(data);
  }

  @Test
  void joiningAgainReplacesKeyAndData() {
    String channel = layer.newChannel();
    await(layer.presenceJoin("test_room", channel, "guest", Map.of("name", "Guest")));

    await(layer.presenceJoin("test_room", channel, "alice", Map.of("name", "Alice")));

    assertThat(await(layer.presence("test_room")).items())
        .containsExactly(
            new Presence(
                "alice", List.of(new Presence.Connection(channel, Map.of("name", "Alice")))));
  }

  @Test
  void leavingRemovesOnlyThatConnection() {
    String first = layer.newChannel();
    String second = layer.newChannel();
    await(layer.presenceJoin("test_room", first, "alice", Map.of()));
    await(layer.presenceJoin("test_room", second, "alice", Map.of()));

    await(layer.presenceLeave("test_room", first));
    await(layer.presenceLeave("test_room", layer.newChannel()));
    await(layer.presenceLeave("test_unknown", first));

    assertThat(await(layer.presence("test_room")).items())
        .containsExactly(new Presence("alice", List.of(new Presence.Connection(second, Map.of()))));
  }

  @Test
  void eachGroupHasItsOwnPresence() {
    String channel = layer.newChannel();
    await(layer.presenceJoin("test_one", channel, "alice", Map.of()));

    assertThat(await(layer.presence("test_two")).items()).isEmpty();
    assertThat(await(layer.presence("test_one")).items()).hasSize(1);
  }

  @Test
  void pagesByKeyWithoutSplittingAKeysConnections() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      String key = "user%03d".formatted(i);
      keys.add(key);
      await(layer.presenceJoin("test_crowd", layer.newChannel(), key, Map.of()));
      if (i % 10 == 9) {
        await(layer.presenceJoin("test_crowd", layer.newChannel(), key, Map.of()));
      }
    }

    Page<Presence> first = await(layer.presence("test_crowd", null, 100));
    Page<Presence> second = await(layer.presence("test_crowd", first.next(), 100));

    assertThat(first.items())
        .extracting(Presence::key)
        .containsExactlyElementsOf(keys.subList(0, 100));
    assertThat(second.items())
        .extracting(Presence::key)
        .containsExactlyElementsOf(keys.subList(100, 150));
    assertThat(second.next()).isNull();
    assertThat(first.items().get(99).connections()).hasSize(2);
    assertThat(second.items().get(9).connections()).hasSize(2);
  }

  @Test
  void aFlushRemovesEveryEntry() {
    await(layer.presenceJoin("test_room", layer.newChannel(), "alice", Map.of()));

    await(layer.flush());

    assertThat(await(layer.presence("test_room")).items()).isEmpty();
  }

  @Test
  void refusesAnUnusableKeyOrDataAtOnce() {
    String channel = layer.newChannel();

    assertThatThrownBy(() -> layer.presenceJoin("test_room", channel, "", Map.of()))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageContaining("key");
    assertThatThrownBy(() -> layer.presenceJoin("test_room", channel, "a\0b", Map.of()))
        .isInstanceOf(InvalidMessageException.class);
    assertThatThrownBy(
            () -> layer.presenceJoin("test_room", channel, "alice", Map.of("when", new Object())))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageContaining("when");
    assertThatThrownBy(
            () ->
                layer.presenceJoin(
                    "test_room",
                    channel,
                    "alice",
                    Map.of("bio", "x".repeat(Presence.MAX_DATA_SIZE))))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageContaining(Integer.toString(Presence.MAX_DATA_SIZE));
    assertThatThrownBy(() -> layer.presence("test_room", "not a cursor", 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
