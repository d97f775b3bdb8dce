package dev.channels.test.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.Extension;
import dev.channels.UnsupportedExtensionException;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Optional parts are what {@code extensions()} says: a layer that lists one answers its calls, and
 * one that does not refuses them at once with {@link UnsupportedExtensionException}, naming the
 * extension, rather than failing later or doing something else.
 */
public abstract class ExtensionsContract extends LayerContractSupport {

  @Test
  void presenceCallsWorkExactlyWhenTheLayerListsPresence() {
    String channel = layer.newChannel();
    if (layer.extensions().contains(Extension.PRESENCE)) {
      assertThat(await(layer.groupSize("test_empty"))).isZero();
      assertThat(await(layer.presence("test_empty")).items()).isEmpty();
      return;
    }
    for (ThrowingCallable call :
        new ThrowingCallable[] {
          () -> layer.groupSize("test_group"),
          () -> layer.groupChannels("test_group"),
          () -> layer.presenceJoin("test_group", channel, "alice", Map.of()),
          () -> layer.presenceLeave("test_group", channel),
          () -> layer.presence("test_group"),
          () -> layer.presenceSubscribe("test_group", channel),
          () -> layer.presenceUnsubscribe("test_group", channel)
        }) {
      assertThatThrownBy(call)
          .isInstanceOf(UnsupportedExtensionException.class)
          .hasMessageContaining("PRESENCE")
          .hasMessageContaining("extensions()");
    }
  }

  @Test
  void aGroupSendExcludingChannelsWorksExactlyWhenTheLayerListsIt() {
    await(layer.groupAdd("test_group", "test.member"));
    if (layer.extensions().contains(Extension.GROUP_SEND_EXCLUDING)) {
      await(layer.groupSend("test_group", chat("to all"), Set.of("test.other")));
      assertThat(await(layer.receive("test.member"))).isEqualTo(chat("to all"));
      return;
    }
    assertThatThrownBy(() -> layer.groupSend("test_group", chat("x"), Set.of("test.other")))
        .isInstanceOf(UnsupportedExtensionException.class)
        .hasMessageContaining("GROUP_SEND_EXCLUDING");
  }

  @Test
  void aGroupSendExcludingNothingIsAPlainGroupSend() {
    await(layer.groupAdd("test_group", "test.member"));

    await(layer.groupSend("test_group", chat("to all"), Set.of()));

    assertThat(await(layer.receive("test.member"))).isEqualTo(chat("to all"));
  }
}
