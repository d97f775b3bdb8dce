package dev.channels.test.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Presence events: a subscribed channel receives {@code presence.join} and {@code presence.leave}
 * as ordinary messages, data included, once per change and in order per member. For backends that
 * list {@link dev.channels.Extension#PRESENCE}.
 */
public abstract class PresenceEventsContract extends LayerContractSupport {

  @Test
  void aSubscriberReceivesAJoinAndALeaveWithTheirData() {
    String watcher = layer.newChannel();
    String alice = layer.newChannel();
    await(layer.presenceSubscribe("test_room", watcher));

    await(layer.presenceJoin("test_room", alice, "alice", Map.of("name", "Alice")));
    await(layer.presenceLeave("test_room", alice));

    Message join = await(layer.receive(watcher));
    assertThat(join.type()).isEqualTo("presence.join");
    assertThat(join.asMap())
        .containsEntry("group", "test_room")
        .containsEntry("key", "alice")
        .containsEntry("channel", alice)
        .containsEntry("data", Map.of("name", "Alice"));
    Message leave = await(layer.receive(watcher));
    assertThat(leave.type()).isEqualTo("presence.leave");
    assertThat(leave.asMap())
        .containsEntry("key", "alice")
        .containsEntry("channel", alice)
        .containsEntry("data", Map.of("name", "Alice"))
        .containsEntry("reason", "left");
  }

  @Test
  void joiningAgainAndLeavingTwiceSendOneEventEach() {
    String watcher = layer.newChannel();
    String alice = layer.newChannel();
    await(layer.presenceSubscribe("test_room", watcher));

    await(layer.presenceJoin("test_room", alice, "alice", Map.of()));
    await(layer.presenceJoin("test_room", alice, "alice", Map.of("status", "away")));
    await(layer.presenceLeave("test_room", alice));
    await(layer.presenceLeave("test_room", alice));
    await(layer.send(watcher, chat("marker")));

    assertThat(await(layer.receive(watcher)).type()).isEqualTo("presence.join");
    assertThat(await(layer.receive(watcher)).type()).isEqualTo("presence.leave");
    assertThat(await(layer.receive(watcher))).isEqualTo(chat("marker"));
  }

  @Test
  void eventsOfEachMemberArriveInTheOrderTheyHappened() {
    String watcher = layer.newChannel();
    await(layer.presenceSubscribe("test_room", watcher));
    List<String> members = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      members.add(layer.newChannel());
    }

    for (int round = 0; round < 3; round++) {
      for (String member : members) {
        await(layer.presenceJoin("test_room", member, member, Map.of("round", round)));
      }
      for (String member : members) {
        await(layer.presenceLeave("test_room", member));
      }
    }

    Map<String, List<String>> seen = new HashMap<>();
    for (int i = 0; i < 60; i++) {
      Message event = await(layer.receive(watcher));
      seen.computeIfAbsent(event.get("channel", String.class), m -> new ArrayList<>())
          .add(event.type() + "#" + event.get("data", Map.class).get("round"));
    }
    for (String member : members) {
      assertThat(seen.get(member))
          .containsExactly(
              "presence.join#0", "presence.leave#0",
              "presence.join#1", "presence.leave#1",
              "presence.join#2", "presence.leave#2");
    }
  }

  @Test
  void onlySubscribersOfThatGroupReceiveItsEvents() {
    String watcher = layer.newChannel();
    String other = layer.newChannel();
    await(layer.presenceSubscribe("test_room", watcher));
    await(layer.presenceSubscribe("test_other", other));
    await(layer.presenceSubscribe("test_room", other));
    await(layer.presenceUnsubscribe("test_room", other));

    await(layer.presenceJoin("test_room", layer.newChannel(), "alice", Map.of()));
    await(layer.send(other, chat("marker")));

    assertThat(await(layer.receive(watcher)).type()).isEqualTo("presence.join");
    assertThat(await(layer.receive(other))).isEqualTo(chat("marker"));
  }

  @Test
  void membersOfTheGroupItselfReceiveNoEvents() {
    String member = layer.newChannel();
    await(layer.groupAdd("test_room", member));

    await(layer.presenceJoin("test_room", member, "alice", Map.of()));
    await(layer.send(member, chat("marker")));

    assertThat(await(layer.receive(member))).isEqualTo(chat("marker"));
  }
}
