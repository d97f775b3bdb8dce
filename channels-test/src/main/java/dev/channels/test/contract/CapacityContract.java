package dev.channels.test.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.ChannelFullException;
import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerStats.DropReason;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Channel capacity: full channels refuse sends, group sends skip full members, and capacity globs.
 */
public abstract class CapacityContract extends LayerContractSupport {

  @Test
  void aSendToAFullChannelFailsWithChannelFull() {
    ChannelLayer small = layer(settings -> settings.capacity(3));
    for (int i = 0; i < 3; i++) {
      await(small.send("test.full", numbered(i)));
    }

    assertThat(small.send("test.full", numbered(3)))
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableThat()
        .havingRootCause()
        .isInstanceOf(ChannelFullException.class)
        .withMessageContaining("'test.full' is full")
        .withMessageContaining("channel-capacity");
  }

  @Test
  void aFullChannelAcceptsAgainOnceAMessageIsReceived() {
    ChannelLayer small = layer(settings -> settings.capacity(1));
    await(small.send("test.full", numbered(1)));
    await(small.receive("test.full"));

    await(small.send("test.full", numbered(2)));

    assertThat(await(small.receive("test.full"))).isEqualTo(numbered(2));
  }

  @Test
  void theFirstMatchingCapacityGlobWins() {
    Map<String, Integer> rules = new LinkedHashMap<>();
    rules.put("websocket.send*", 2);
    rules.put("websocket.*", 5);
    rules.put("log.[0-9]", 1);
    ChannelLayer layered = layer(settings -> settings.capacity(10).channelCapacity(rules));

    assertThat(fillUntilFull(layered, "websocket.send.1")).isEqualTo(2);
    assertThat(fillUntilFull(layered, "websocket.receive")).isEqualTo(5);
    assertThat(fillUntilFull(layered, "log.7")).isEqualTo(1);
    assertThat(fillUntilFull(layered, "log.x")).isEqualTo(10);
  }

  @Test
  void aSendToAFullProcessLocalChannelFailsWithChannelFull() {
    ChannelLayer small = layer(settings -> settings.capacity(2));
    String channel = small.newChannel("websocket.send");

    assertThat(fillUntilFull(small, channel)).isEqualTo(2);
    assertThatThrownBy(() -> small.blocking().send(channel, chat("one more")))
        .isInstanceOf(ChannelFullException.class)
        .as("a rule for the prefix, since the full name is never used again")
        .hasMessageMatching("(?s).*a glob such as '(\\*!)?websocket\\.send\\.\\*'.*");
  }

  @Test
  void groupSendSkipsFullMembersWithoutFailing() {
    ChannelLayer small = layer(settings -> settings.capacity(1));
    await(small.groupAdd("test_group", "test.full"));
    await(small.groupAdd("test_group", "test.free"));
    await(small.send("test.full", chat("already here")));

    await(small.groupSend("test_group", chat("broadcast")));

    assertThat(await(small.receive("test.free"))).isEqualTo(chat("broadcast"));
    assertThat(await(small.receive("test.full"))).isEqualTo(chat("already here"));
    Awaitility.await()
        .untilAsserted(() -> assertThat(small.stats().dropped(DropReason.CAPACITY)).isEqualTo(1));
  }

  @Test
  void groupSendSkipsFullProcessLocalMembersWithoutFailing() {
    ChannelLayer small = layer(settings -> settings.capacity(2));
    String slow = small.newChannel();
    String fast = small.newChannel();
    await(small.groupAdd("test_group", slow));
    await(small.groupAdd("test_group", fast));

    for (int i = 0; i < 4; i++) {
      await(small.groupSend("test_group", numbered(i)));
      assertThat(await(small.receive(fast))).isEqualTo(numbered(i));
    }

    // Delivery to the members of one group send may be asynchronous (Redis), so wait until both
    // drops happened before draining the slow member, which would otherwise make room again.
    Awaitility.await()
        .untilAsserted(() -> assertThat(small.stats().dropped(DropReason.CAPACITY)).isEqualTo(2));
    assertThat(await(small.receive(slow))).isEqualTo(numbered(0));
    assertThat(await(small.receive(slow))).isEqualTo(numbered(1));
    await(small.send(slow, chat("marker")));
    assertThat(await(small.receive(slow))).as("2 and 3 were dropped").isEqualTo(chat("marker"));
  }

  private int fillUntilFull(ChannelLayer target, String channel) {
    for (int sent = 0; sent < 1000; sent++) {
      try {
        target.blocking().send(channel, numbered(sent));
      } catch (ChannelFullException full) {
        assertThat(full.channel()).isEqualTo(channel);
        assertThat(full.capacity()).isEqualTo(sent);
        return sent;
      }
    }
    throw new AssertionError(channel + " never became full");
  }
}
