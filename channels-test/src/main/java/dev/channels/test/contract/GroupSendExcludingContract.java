package dev.channels.test.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.InvalidNameException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.channels.Extension#GROUP_SEND_EXCLUDING}: a group send that skips given channels, such
 * as the sender's own, while every other member gets it once. For backends that list the extension.
 */
public abstract class GroupSendExcludingContract extends LayerContractSupport {

  @Test
  void skipsTheExcludedProcessLocalChannelAndReachesTheOthers() {
    String sender = layer.newChannel();
    String other = layer.newChannel();
    await(layer.groupAdd("test_room", sender));
    await(layer.groupAdd("test_room", other));
    await(layer.groupAdd("test_room", "test.normal"));

    await(layer.groupSend("test_room", chat("not to myself"), Set.of(sender)));
    await(layer.send(sender, chat("marker")));

    assertThat(await(layer.receive(other))).isEqualTo(chat("not to myself"));
    assertThat(await(layer.receive("test.normal"))).isEqualTo(chat("not to myself"));
    assertThat(await(layer.receive(sender))).isEqualTo(chat("marker"));
  }

  @Test
  void skipsAnExcludedNormalChannel() {
    await(layer.groupAdd("test_room", "test.skipped"));
    await(layer.groupAdd("test_room", "test.reached"));

    await(layer.groupSend("test_room", chat("not to you"), Set.of("test.skipped")));
    await(layer.send("test.skipped", chat("marker")));

    assertThat(await(layer.receive("test.reached"))).isEqualTo(chat("not to you"));
    assertThat(await(layer.receive("test.skipped"))).isEqualTo(chat("marker"));
  }

  @Test
  void excludingAChannelThatIsNoMemberChangesNothing() {
    await(layer.groupAdd("test_room", "test.member"));

    await(layer.groupSend("test_room", chat("to all"), Set.of("test.stranger")));

    assertThat(await(layer.receive("test.member"))).isEqualTo(chat("to all"));
  }

  @Test
  void laterPlainGroupSendsReachTheExcludedChannelAgain() {
    String sender = layer.newChannel();
    await(layer.groupAdd("test_room", sender));

    await(layer.groupSend("test_room", chat("skipped"), Set.of(sender)));
    await(layer.groupSend("test_room", chat("to all")));

    assertThat(await(layer.receive(sender))).isEqualTo(chat("to all"));
  }

  @Test
  void refusesAnInvalidExcludedChannelNameAtOnce() {
    assertThatThrownBy(() -> layer.groupSend("test_room", chat("x"), Set.of("not valid")))
        .isInstanceOf(InvalidNameException.class);
  }
}
