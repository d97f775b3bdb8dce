package dev.channels.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayerClosedException;
import dev.channels.Message;
import dev.channels.spi.LocalChannels.Delivery;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The table behind both layers: it keeps a channel only while it has messages or waiters. */
class LocalChannelsTest {

  private static final Message MESSAGE = Message.of("test.message");

  private final LocalChannels table = new LocalChannels(channel -> 10, 60_000, new LayerCounters());

  @Test
  void aChannelHandedItsMessageWithNobodyLeftWaitingIsDroppedAtOnce() {
    CompletableFuture<Message> waiting = table.receive("test.channel", 0);

    assertThat(table.offer("test.channel", MESSAGE, 0, 0)).isEqualTo(Delivery.HANDED_OVER);

    assertThat(waiting).isCompletedWithValue(MESSAGE);
    assertThat(table.size()).isZero();
  }

  @Test
  void aChannelWithAnotherWaiterIsKeptAfterAHandOver() {
    CompletableFuture<Message> first = table.receive("test.channel", 0);
    CompletableFuture<Message> second = table.receive("test.channel", 0);

    table.offer("test.channel", MESSAGE, 0, 0);

    assertThat(first).isCompletedWithValue(MESSAGE);
    assertThat(second).isNotDone();
    assertThat(table.hasWaiters("test.channel")).isTrue();
  }

  @Test
  void aWaiterFinishedWithoutLeavingItsQueueDoesNotKeepTheQueueAlive() {
    ChannelQueue queue = new ChannelQueue("test.channel", 10);
    Waiter waiter = new Waiter(table, queue);
    queue.addWaiter(waiter);

    waiter.deliver(MESSAGE);

    assertThat(queue.idle()).isTrue();
    assertThat(queue.pollWaiter()).isNull();
  }

  @Test
  void aReceiveAfterTheTableClosedFailsInsteadOfWaiting() {
    ChannelLayerClosedException closed = new ChannelLayerClosedException("test layer");
    CompletableFuture<Message> waiting = table.receive("test.channel", 0);

    table.close(closed);

    assertThat(waiting).failsWithin(Duration.ZERO).withThrowableThat().withCause(closed);
    assertThat(table.receive("test.other", 0))
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .withCause(closed);
    assertThat(table.size()).isZero();
  }

  @Test
  void aMessageOfferedAfterTheTableClosedIsRefused() {
    table.close(new ChannelLayerClosedException("test layer"));

    assertThat(table.offer("test.channel", MESSAGE, 0, 0)).isEqualTo(Delivery.CLOSED);
    assertThat(table.size()).isZero();
  }
}
