package dev.channels.layer.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayerSettings;
import dev.channels.Message;
import dev.channels.test.MutableClock;
import dev.channels.test.contract.ReceiveEnding;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the in-memory layer promises beyond the contract: it does not grow, and its time does not
 * jump with the system clock.
 */
class InMemoryChannelLayerTest {

  private final MutableClock clock = new MutableClock();
  private InMemoryChannelLayer layer =
      new InMemoryChannelLayer(ChannelLayerSettings.defaults(), clock);

  @AfterEach
  void close() {
    layer.close();
  }

  @Test
  void aMillionShortLivedChannelsLeaveNothingBehind() {
    Message message = Message.of("chat.message", "message", "hi");
    for (int i = 0; i < 1_000_000; i++) {
      String channel = layer.newChannel();
      layer.groupAdd("lobby", channel);
      layer.groupSend("lobby", message);
      layer.receive(channel).join();
      layer.groupDiscard("lobby", channel);
    }

    assertThat(layer.channelCount()).isZero();
    assertThat(layer.groupCount()).isZero();
  }

  @Test
  void aMillionReceiveFirstChannelsLeaveNothingBehindAtAnyTime() {
    Message message = Message.of("chat.message", "message", "hi");
    int mostChannels = 0;
    for (int i = 0; i < 1_000_000; i++) {
      String channel = layer.newChannel();
      CompletableFuture<Message> waiting = layer.receive(channel);
      layer.send(channel, message);
      waiting.join();
      mostChannels = Math.max(mostChannels, layer.channelCount());
    }

    assertThat(mostChannels).as("channels held after a hand-over").isZero();
    assertThat(layer.channelCount()).isZero();
  }

  @ParameterizedTest
  @EnumSource(ReceiveEnding.class)
  void aReceiveItsOwnerEndsLeavesNoWaiterBehind(ReceiveEnding ending) {
    CompletableFuture<Message> pending = layer.receive("test.ended");
    assertThat(layer.channelCount()).isEqualTo(1);

    ending.end(pending);

    Awaitility.await().untilAsserted(() -> assertThat(layer.channelCount()).isZero());
  }

  @Test
  void aConsumerThatReceivesAgainFromTheDeliveryKeepsItsChannel() {
    String channel = layer.newChannel();
    List<Message> received = new ArrayList<>();
    receiveForever(channel, received);

    for (int i = 0; i < 3; i++) {
      layer.send(channel, Message.of("test.numbered", "n", i));
    }

    assertThat(received).hasSize(3);
    assertThat(layer.channelCount()).as("the consumer waits again").isEqualTo(1);
  }

  @Test
  void expiryRunsOnAMonotonicClockByDefault() {
    layer.close();
    layer = new InMemoryChannelLayer(ChannelLayerSettings.defaults());

    assertThat(layer.clock()).isInstanceOf(MonotonicClock.class);
  }

  @Test
  void channelsNobodyReadsAreDroppedOnceTheirMessagesExpire() {
    for (int i = 0; i < 10_000; i++) {
      layer.send(layer.newChannel(), Message.of("unread"));
    }
    assertThat(layer.channelCount()).isEqualTo(10_000);

    clock.advance(Duration.ofSeconds(61));
    layer.sweep();

    assertThat(layer.channelCount()).isZero();
  }

  @Test
  void membershipsNobodyDiscardsAreDroppedOnceExpired() {
    for (int i = 0; i < 1_000; i++) {
      layer.groupAdd("group" + (i % 10), layer.newChannel());
    }

    clock.advance(Duration.ofDays(1));
    layer.sweep();

    assertThat(layer.groupCount()).isZero();
  }

  @Test
  void aCancelledReceiveLeavesNoWaiterBehind() {
    CompletableFuture<Message> pending = layer.receive("test.cancel");
    assertThat(layer.channelCount()).isEqualTo(1);

    pending.cancel(true);

    assertThat(layer.channelCount()).isZero();
  }

  @Test
  void theSweeperRunsWithoutBeingAsked() {
    layer.close();
    layer =
        new InMemoryChannelLayer(
            ChannelLayerSettings.builder().expiry(Duration.ofMillis(200)).build(),
            InstantSource.system());

    layer.send("test.unread", Message.of("unread"));

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> layer.channelCount() == 0);
  }

  @Test
  void closingStopsTheSweeperThread() {
    String sweeper = layer.sweeperThreadName();
    assertThat(liveThreadNamed(sweeper)).isTrue();

    layer.close();

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !liveThreadNamed(sweeper));
  }

  private void receiveForever(String channel, List<Message> received) {
    layer
        .receive(channel)
        .thenAccept(
            message -> {
              received.add(message);
              receiveForever(channel, received);
            });
  }

  private static boolean liveThreadNamed(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(thread -> thread.getName().equals(name) && thread.isAlive());
  }
}
