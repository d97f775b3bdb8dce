package dev.channels.test.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.ChannelLayerSettings;
import dev.channels.InvalidNameException;
import dev.channels.Message;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Process-local channels from {@code newChannel}: their names, laid out as {@link #naming()} says,
 * and delivery to each of them.
 */
public abstract class ProcessLocalChannelsContract extends LayerContractSupport {

  /**
   * How the backend lays out {@code newChannel} names; channels_redis's layout unless overridden.
   */
  protected ChannelNaming naming() {
    return ChannelNaming.channelsRedis();
  }

  @Test
  void newChannelNamesAreProcessLocalAndUnique() {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      names.add(layer.newChannel());
    }

    assertThat(names).hasSize(1000).allMatch(name -> naming().matches(name, "specific"));
    assertThat(names.stream().map(name -> name.substring(0, name.indexOf('!'))).distinct())
        .as("one instance id per layer")
        .hasSize(1);
  }

  @Test
  void eachLayerInstanceHasItsOwnInstanceId() {
    String mine = layer.newChannel();
    String theirs = layer(ChannelLayerSettings.defaults()).newChannel();

    assertThat(mine.substring(0, mine.indexOf('!')))
        .isNotEqualTo(theirs.substring(0, theirs.indexOf('!')));
  }

  @Test
  void newChannelCarriesTheGivenPrefix() {
    assertThat(layer.newChannel("websocket.send"))
        .matches(naming().pattern().apply("websocket.send"));
  }

  @Test
  void refusesAPrefixThatWouldMakeTheNameLongerThanDjangoAccepts() {
    int longest = naming().longestPrefix();
    assertThat(layer.newChannel("p".repeat(longest))).hasSize(99);
    assertThatThrownBy(() -> layer.newChannel("p".repeat(longest + 1)))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageContaining("1 to " + longest + " characters")
        .hasMessageContaining("99");
    assertThatThrownBy(() -> layer.newChannel("bad!prefix"))
        .isInstanceOf(InvalidNameException.class);
  }

  @Test
  void deliversToEachProcessLocalChannelSeparately() {
    String alice = layer.newChannel();
    String bob = layer.newChannel();
    CompletableFuture<Message> bobReceives = layer.receive(bob);

    await(layer.send(alice, chat("to alice")));
    await(layer.send(bob, chat("to bob")));

    assertThat(await(bobReceives)).isEqualTo(chat("to bob"));
    assertThat(await(layer.receive(alice))).isEqualTo(chat("to alice"));
  }

  @Test
  void keepsAProcessLocalChannelInSendOrder() {
    String channel = layer.newChannel();
    for (int i = 0; i < 50; i++) {
      await(layer.send(channel, numbered(i)));
    }

    for (int i = 0; i < 50; i++) {
      assertThat(await(layer.receive(channel))).isEqualTo(numbered(i));
    }
  }

  @Test
  void groupSendReachesProcessLocalMembers() {
    String first = layer.newChannel();
    String second = layer.newChannel();
    await(layer.groupAdd("test_room", first));
    await(layer.groupAdd("test_room", second));

    await(layer.groupSend("test_room", chat("hi all")));

    assertThat(await(layer.receive(first))).isEqualTo(chat("hi all"));
    assertThat(await(layer.receive(second))).isEqualTo(chat("hi all"));
  }
}
