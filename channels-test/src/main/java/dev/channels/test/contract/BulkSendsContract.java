package dev.channels.test.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.ChannelLayer;
import dev.channels.ChannelMessage;
import dev.channels.GroupMessage;
import dev.channels.InvalidNameException;
import dev.channels.MessageTooLargeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code sendMany} and {@code groupSendMany}: many messages in one call, each delivered as its own
 * send would deliver it, in order per channel and per group; a full channel refuses only its own.
 */
public abstract class BulkSendsContract extends LayerContractSupport {

  @Test
  void sendManyDeliversEachMessageToItsChannelInOrder() {
    String local = layer.newChannel();
    List<ChannelMessage> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      batch.add(new ChannelMessage("test.first", numbered(i)));
      batch.add(new ChannelMessage(local, numbered(100 + i)));
    }

    assertThat(await(layer.sendMany(batch))).isEmpty();

    for (int i = 0; i < 5; i++) {
      assertThat(await(layer.receive("test.first"))).isEqualTo(numbered(i));
      assertThat(await(layer.receive(local))).isEqualTo(numbered(100 + i));
    }
  }

  @Test
  void sendManyReturnsTheMessagesOfFullChannelsAndSendsTheRest() {
    ChannelLayer small = layer(settings -> settings.capacity(2));
    ChannelMessage third = new ChannelMessage("test.small", numbered(3));
    List<ChannelMessage> batch =
        List.of(
            new ChannelMessage("test.small", numbered(1)),
            new ChannelMessage("test.small", numbered(2)),
            third,
            new ChannelMessage("test.other", numbered(4)));

    assertThat(await(small.sendMany(batch))).containsExactly(third);

    assertThat(await(small.receive("test.small"))).isEqualTo(numbered(1));
    assertThat(await(small.receive("test.small"))).isEqualTo(numbered(2));
    assertThat(await(small.receive("test.other"))).isEqualTo(numbered(4));
  }

  @Test
  void sendManyRefusesAMessageOverTheSizeLimitAndSendsNothing() {
    ChannelLayer limited = layer(settings -> settings.maxMessageSize(1024));
    List<ChannelMessage> batch =
        List.of(
            new ChannelMessage("test.limited", chat("small")),
            new ChannelMessage("test.limited", chat("x".repeat(2000))));

    assertThat(limited.sendMany(batch))
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableThat()
        .havingRootCause()
        .isInstanceOf(MessageTooLargeException.class);
    await(limited.send("test.limited", chat("marker")));
    assertThat(await(limited.receive("test.limited"))).isEqualTo(chat("marker"));
  }

  @Test
  void sendManyRefusesAnInvalidChannelNameAtOnceAndSendsNothing() {
    List<ChannelMessage> batch =
        List.of(
            new ChannelMessage("test.valid", chat("first")),
            new ChannelMessage("not valid", chat("second")));

    assertThatThrownBy(() -> layer.sendMany(batch)).isInstanceOf(InvalidNameException.class);
    await(layer.send("test.valid", chat("marker")));
    assertThat(await(layer.receive("test.valid"))).isEqualTo(chat("marker"));
  }

  @Test
  void sendManyOfNothingCompletes() {
    assertThat(await(layer.sendMany(List.of()))).isEmpty();
    await(layer.groupSendMany(List.of()));
  }

  @Test
  void groupSendManyReachesEachGroupsMembersInOrder() {
    String local = layer.newChannel();
    await(layer.groupAdd("test_one", "test.member"));
    await(layer.groupAdd("test_two", local));
    List<GroupMessage> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      batch.add(new GroupMessage("test_one", numbered(i)));
      batch.add(new GroupMessage("test_two", numbered(100 + i)));
    }

    await(layer.groupSendMany(batch));

    for (int i = 0; i < 5; i++) {
      assertThat(await(layer.receive("test.member"))).isEqualTo(numbered(i));
      assertThat(await(layer.receive(local))).isEqualTo(numbered(100 + i));
    }
  }

  @Test
  void groupSendManyRefusesAnInvalidGroupNameAtOnce() {
    List<GroupMessage> batch =
        List.of(
            new GroupMessage("test_group", chat("a")), new GroupMessage("bad group", chat("b")));

    assertThatThrownBy(() -> layer.groupSendMany(batch)).isInstanceOf(InvalidNameException.class);
  }
}
