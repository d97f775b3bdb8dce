package dev.channels.test.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.ChannelFullException;
import dev.channels.ChannelLayer;
import dev.channels.Message;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Sending to a channel and receiving from it: order, waiting receivers, and separate channels. */
public abstract class SendAndReceiveContract extends LayerContractSupport {

  @Test
  void receivesWhatWasSent() {
    await(layer.send("test.channel", chat("Hello, world!")));

    assertThat(await(layer.receive("test.channel"))).isEqualTo(chat("Hello, world!"));
  }

  @Test
  void keepsEachChannelInSendOrder() {
    for (int i = 0; i < 50; i++) {
      await(layer.send("test.ordered", numbered(i)));
    }

    for (int i = 0; i < 50; i++) {
      assertThat(await(layer.receive("test.ordered"))).isEqualTo(numbered(i));
    }
  }

  @Test
  void aReceiveWaitsForAMessageSentLater() {
    CompletableFuture<Message> pending = layer.receive("test.later");

    await(layer.send("test.later", chat("late")));

    assertThat(await(pending)).isEqualTo(chat("late"));
  }

  @Test
  void givesEachWaitingReceiverADifferentMessage() {
    CompletableFuture<Message> first = layer.receive("test.shared");
    CompletableFuture<Message> second = layer.receive("test.shared");

    await(layer.send("test.shared", numbered(1)));
    await(layer.send("test.shared", numbered(2)));

    assertThat(Set.of(await(first), await(second)))
        .containsExactlyInAnyOrder(numbered(1), numbered(2));
  }

  @Test
  void keepsChannelsApart() {
    CompletableFuture<Message> onB = layer.receive("test.b");

    await(layer.send("test.a", chat("for a")));
    await(layer.send("test.b", chat("for b")));

    assertThat(await(onB)).isEqualTo(chat("for b"));
    assertThat(await(layer.receive("test.a"))).isEqualTo(chat("for a"));
  }

  @Test
  void blockingCallsReturnResultsAndThrowTheLayersExceptions() {
    ChannelLayer small = layer(settings -> settings.capacity(1));
    small.blocking().send("test.blocking", chat("one"));

    assertThatThrownBy(() -> small.blocking().send("test.blocking", chat("two")))
        .isInstanceOf(ChannelFullException.class);
    assertThat(small.blocking().receive("test.blocking")).isEqualTo(chat("one"));
    assertThat(small.blocking().receive("test.blocking", Duration.ofMillis(50))).isEmpty();
  }
}
