package dev.channels.test.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerClosedException;
import dev.channels.ChannelLayerSettings;
import dev.channels.Extension;
import dev.channels.LayerSnapshot;
import dev.channels.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Extensions, settings, snapshots, counters, and what closing the layer does. */
public abstract class LifecycleContract extends LayerContractSupport {

  @Test
  void providesTheGroupsAndFlushExtensions() {
    // The optional parts beyond these (presence, for one) have contracts of their own.
    assertThat(layer.extensions()).contains(Extension.GROUPS, Extension.FLUSH);
  }

  @Test
  void runsWithTheSettingsItWasGiven() {
    ChannelLayer configured = layer(settings -> settings.capacity(7));

    assertThat(configured.settings().capacity()).isEqualTo(7);
  }

  @Test
  void closingFailsWaitingReceives() {
    ChannelLayer closing = layer(ChannelLayerSettings.defaults());
    CompletableFuture<Message> pending = closing.receive("test.closing");

    closing.close();

    assertThat(pending)
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableThat()
        .havingRootCause()
        .isInstanceOf(ChannelLayerClosedException.class);
  }

  static Stream<Arguments> operations() {
    return Stream.of(
        Arguments.of("send", (Call) target -> target.send("test.after", chat("x"))),
        Arguments.of("receive", (Call) target -> target.receive("test.after")),
        Arguments.of("groupAdd", (Call) target -> target.groupAdd("test_group", "test.after")),
        Arguments.of(
            "groupDiscard", (Call) target -> target.groupDiscard("test_group", "test.after")),
        Arguments.of("groupSend", (Call) target -> target.groupSend("test_group", chat("x"))),
        Arguments.of("flush", (Call) ChannelLayer::flush),
        Arguments.of("newChannel", (Call) ChannelLayer::newChannel));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void callsAfterCloseFail(String operation, Call call) {
    ChannelLayer closed = layer(ChannelLayerSettings.defaults());
    closed.close();

    Object result;
    try {
      result = call.on(closed);
    } catch (ChannelLayerClosedException thrown) {
      return; // newChannel has no future to fail, so it throws.
    }
    assertThat(result)
        .asInstanceOf(InstanceOfAssertFactories.COMPLETABLE_FUTURE)
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableThat()
        .havingRootCause()
        .isInstanceOf(ChannelLayerClosedException.class);
  }

  @Test
  void receivesRacingCloseFailRatherThanWaitForever() throws Exception {
    for (int round = 0; round < 20; round++) {
      ChannelLayer closing = layer(ChannelLayerSettings.defaults());
      String channel = closing.newChannel();
      List<CompletableFuture<Message>> receives = new CopyOnWriteArrayList<>();
      CountDownLatch receiving = new CountDownLatch(2);
      // Daemon threads: a receive that never returns must fail this test, not hang the JVM.
      ExecutorService receivers = Executors.newFixedThreadPool(2, LayerContractSupport::daemon);
      try {
        for (int r = 0; r < 2; r++) {
          String prefix = channel + r + "x";
          receivers.execute(() -> receiveUntilClosed(closing, prefix, receives, receiving));
        }
        receiving.await(20, TimeUnit.SECONDS);
        closing.close();
      } finally {
        receivers.shutdown();
        assertThat(receivers.awaitTermination(20, TimeUnit.SECONDS))
            .as("every receive call returned, none blocked its caller")
            .isTrue();
      }

      assertThat(receives)
          .allSatisfy(
              receive ->
                  assertThat(receive)
                      .failsWithin(Duration.ofSeconds(10))
                      .withThrowableThat()
                      .havingRootCause()
                      .isInstanceOf(ChannelLayerClosedException.class));
    }
  }

  // Each receive is on a channel of its own, so each races the close with a queue of its own.
  private void receiveUntilClosed(
      ChannelLayer closing,
      String prefix,
      List<CompletableFuture<Message>> receives,
      CountDownLatch receiving) {
    receiving.countDown();
    for (int n = 0; ; n++) {
      CompletableFuture<Message> receive = closing.receive(prefix + n);
      receives.add(receive);
      if (receive.isCompletedExceptionally()) {
        return;
      }
    }
  }

  @Test
  void everyCallGetsAFutureOfItsOwn() {
    List<Supplier<CompletableFuture<Void>>> calls =
        List.of(
            () -> layer.send("test.own", chat("x")),
            () -> layer.groupAdd("test_group", "test.own"),
            () -> layer.groupSend("test_group", chat("x")),
            () -> layer.groupDiscard("test_group", "test.own"),
            () -> layer.flush());
    for (Supplier<CompletableFuture<Void>> call : calls) {
      CompletableFuture<Void> first = call.get();
      await(first);
      first.obtrudeException(new IllegalStateException("changed by its caller"));

      CompletableFuture<Void> second = call.get();

      assertThat(second).isNotSameAs(first).succeedsWithin(Duration.ofSeconds(10));
    }
  }

  @Test
  void aSnapshotShowsGroupsWithTheirMembersAndChannelsWithUnreadMessages() {
    await(layer.groupAdd("test_group", "test.one"));
    await(layer.groupAdd("test_group", "test.two"));
    await(layer.groupAdd("test_other", "test.one"));
    for (int i = 0; i < 3; i++) {
      await(layer.send("test.queued", numbered(i)));
    }

    LayerSnapshot snapshot = await(layer.snapshot());

    assertThat(snapshot.groups()).containsEntry("test_group", 2).containsEntry("test_other", 1);
    assertThat(snapshot.channels()).containsEntry("test.queued", 3);
  }

  @Test
  void aFlushedLayerHasAnEmptySnapshot() {
    await(layer.groupAdd("test_group", "test.one"));
    await(layer.send("test.queued", numbered(1)));

    await(layer.flush());

    LayerSnapshot snapshot = await(layer.snapshot());
    assertThat(snapshot.groups()).isEmpty();
    assertThat(snapshot.channels()).isEmpty();
  }

  @Test
  void countsSendsReceivesAndGroupSends() {
    await(layer.groupAdd("test_group", "test.counted"));
    await(layer.send("test.counted", chat("one")));
    await(layer.groupSend("test_group", chat("two")));
    await(layer.receive("test.counted"));
    await(layer.receive("test.counted"));

    Awaitility.await()
        .untilAsserted(
            () -> {
              assertThat(layer.stats().sent()).isEqualTo(2);
              assertThat(layer.stats().received()).isEqualTo(2);
              assertThat(layer.stats().groupSends()).isEqualTo(1);
            });
  }
}
