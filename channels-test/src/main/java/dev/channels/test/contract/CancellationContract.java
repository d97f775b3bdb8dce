package dev.channels.test.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Receives ended by their owner: a message sent afterwards goes to the next receive. */
public abstract class CancellationContract extends LayerContractSupport {

  @Test
  void cancellingAWaitingReceiveEndsIt() {
    CompletableFuture<Message> pending = layer.receive("test.cancel");

    assertThat(pending.cancel(true)).isTrue();

    assertThat(pending).isCancelled();
  }

  @Test
  void aMessageSentAfterACancelledReceiveGoesToTheNextReceive() {
    CompletableFuture<Message> cancelled = layer.receive("test.cancel");
    cancelled.cancel(true);

    await(layer.send("test.cancel", chat("not lost")));

    assertThat(await(layer.receive("test.cancel"))).isEqualTo(chat("not lost"));
  }

  @Test
  void aTimedOutBlockingReceiveLosesNothing() {
    assertThat(layer.blocking().receive("test.timeout", Duration.ofMillis(20))).isEmpty();

    await(layer.send("test.timeout", chat("later")));

    assertThat(layer.blocking().receive("test.timeout", Duration.ofSeconds(10)))
        .contains(chat("later"));
  }

  @ParameterizedTest
  @EnumSource(ReceiveEnding.class)
  void aMessageSentAfterItsOwnerEndedAReceiveGoesToTheNextReceive(ReceiveEnding ending) {
    CompletableFuture<Message> ended = layer.receive("test.ended");
    ending.end(ended);
    Awaitility.await().until(ended::isDone);

    await(layer.send("test.ended", chat("not lost")));

    assertThat(await(layer.receive("test.ended"))).isEqualTo(chat("not lost"));
  }

  @Test
  void cancellingAStageDerivedFromAReceiveLeavesTheReceiveWaiting() {
    CompletableFuture<Message> pending = layer.receive("test.derived");
    CompletableFuture<String> derived = pending.thenApply(Message::type);

    derived.cancel(true);
    await(layer.send("test.derived", chat("taken by the receive")));

    assertThat(await(pending)).isEqualTo(chat("taken by the receive"));
  }

  @Test
  void aCancelRacingASendNeitherLosesNorDuplicatesTheMessage() throws Exception {
    ChannelLayer roomy = layer(settings -> settings.capacity(100_000));
    String channel = roomy.newChannel();
    int rounds = 2_000;
    CyclicBarrier together = new CyclicBarrier(2);
    List<Long> received = new ArrayList<>();
    ExecutorService sender = Executors.newSingleThreadExecutor();
    try {
      Future<?> sending =
          sender.submit(
              () -> {
                for (int n = 0; n < rounds; n++) {
                  together.await(20, TimeUnit.SECONDS);
                  await(roomy.send(channel, numbered(n)));
                }
                return null;
              });
      for (int n = 0; n < rounds; n++) {
        CompletableFuture<Message> pending = roomy.receive(channel);
        together.await(20, TimeUnit.SECONDS);
        if (!pending.cancel(true)) {
          received.add(await(pending).get("n", Long.class));
        }
      }
      sending.get(20, TimeUnit.SECONDS);
    } finally {
      sender.shutdownNow();
    }

    // What no live receive took is still in the channel, once.
    while (received.size() < rounds) {
      received.add(await(roomy.receive(channel)).get("n", Long.class));
    }
    assertThat(received)
        .containsExactlyInAnyOrderElementsOf(LongStream.range(0, rounds).boxed().toList());
    assertThat(await(roomy.snapshot()).channels().getOrDefault(channel, 0)).isZero();
  }

  @Test
  void cancellingOneOfTwoWaitingReceivesLeavesTheOtherWaiting() {
    CompletableFuture<Message> cancelled = layer.receive("test.cancel");
    CompletableFuture<Message> waiting = layer.receive("test.cancel");
    cancelled.cancel(true);

    await(layer.send("test.cancel", chat("for the other")));

    assertThat(await(waiting)).isEqualTo(chat("for the other"));
  }
}
