package dev.channels.test.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Message;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Groups: adding, discarding and sending to every member once. */
public abstract class GroupsContract extends LayerContractSupport {

  @Test
  void groupSendReachesEveryMember() {
    for (int i = 0; i < 10; i++) {
      await(layer.groupAdd("test_group", "test.member" + i));
    }

    await(layer.groupSend("test_group", chat("to all")));

    for (int i = 0; i < 10; i++) {
      assertThat(await(layer.receive("test.member" + i))).isEqualTo(chat("to all"));
    }
  }

  @Test
  void addingAMemberTwiceDeliversOnce() {
    await(layer.groupAdd("test_group", "test.twice"));
    await(layer.groupAdd("test_group", "test.twice"));

    await(layer.groupSend("test_group", chat("once")));
    await(layer.send("test.twice", chat("direct")));

    assertThat(await(layer.receive("test.twice"))).isEqualTo(chat("once"));
    assertThat(await(layer.receive("test.twice"))).isEqualTo(chat("direct"));
  }

  @Test
  void aDiscardedMemberGetsNoMoreGroupMessages() {
    await(layer.groupAdd("test_group", "test.leaver"));
    await(layer.groupAdd("test_group", "test.stayer"));
    await(layer.groupDiscard("test_group", "test.leaver"));

    await(layer.groupSend("test_group", chat("after leaving")));
    await(layer.send("test.leaver", chat("direct")));

    assertThat(await(layer.receive("test.leaver"))).isEqualTo(chat("direct"));
    assertThat(await(layer.receive("test.stayer"))).isEqualTo(chat("after leaving"));
  }

  @Test
  void discardingANonMemberOrAnUnknownGroupDoesNothing() {
    await(layer.groupAdd("test_group", "test.member"));

    await(layer.groupDiscard("test_group", "test.stranger"));
    await(layer.groupDiscard("test_unknown", "test.member"));

    await(layer.groupSend("test_group", chat("still here")));
    assertThat(await(layer.receive("test.member"))).isEqualTo(chat("still here"));
  }

  @Test
  void aSendToAnEmptyGroupSucceeds() {
    await(layer.groupSend("test_nobody", chat("into the void")));
  }

  @Test
  void aChannelInTwoGroupsGetsEachGroupsMessages() {
    await(layer.groupAdd("test_one", "test.both"));
    await(layer.groupAdd("test_two", "test.both"));

    await(layer.groupSend("test_one", chat("from one")));
    await(layer.groupSend("test_two", chat("from two")));

    assertThat(await(layer.receive("test.both"))).isEqualTo(chat("from one"));
    assertThat(await(layer.receive("test.both"))).isEqualTo(chat("from two"));
  }

  @Test
  void groupSendCompletesAWaitingReceive() {
    String channel = layer.newChannel();
    await(layer.groupAdd("test_group", channel));
    CompletableFuture<Message> pending = layer.receive(channel);

    await(layer.groupSend("test_group", chat("wake up")));

    assertThat(await(pending)).isEqualTo(chat("wake up"));
  }
}
