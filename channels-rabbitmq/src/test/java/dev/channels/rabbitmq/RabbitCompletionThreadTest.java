package dev.channels.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayerException;
import dev.channels.ChannelLayerSettings;
import dev.channels.Message;
import dev.channels.rabbitmq.testing.RabbitBrokers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A send's future completes on the client's I/O thread, where the broker's confirm arrives: what is
 * chained onto it runs there, sends included (handed to another thread to be written), and a
 * blocking call there is refused rather than left to wait for a reply that thread must read.
 */
class RabbitCompletionThreadTest {

  private final RabbitChannelLayer layer =
      RabbitChannelLayer.builder()
          .settings(ChannelLayerSettings.builder().capacity(1000).build())
          .connectionFactory(RabbitBrokers.connectionFactory())
          .build();

  @AfterEach
  void close() {
    layer.close();
  }

  @Test
  void sendsChainedOntoSendsArriveInOrder() {
    String channel = layer.newChannel();

    chain(channel, 0).join();

    for (int i = 0; i < 200; i++) {
      assertThat(layer.blocking().receive(channel, Duration.ofSeconds(10)))
          .contains(Message.of("test.numbered", "n", i));
    }
  }

  @Test
  void aBlockingCallChainedOntoASendIsRefusedWithTheReason() {
    String channel = layer.newChannel();
    Thread caller = Thread.currentThread();
    List<Throwable> refusals = new CopyOnWriteArrayList<>();
    List<CompletableFuture<Void>> chained = new ArrayList<>();

    // Sends issued together are mostly confirmed after their callback is attached, so it runs on
    // the client's I/O thread; one already confirmed runs it at once on the caller's.
    for (int i = 0; i < 100; i++) {
      chained.add(
          layer
              .send(channel, Message.of("test.first"))
              .thenRun(
                  () -> {
                    if (Thread.currentThread() != caller) {
                      try {
                        layer.blocking().send(channel, Message.of("test.second"));
                      } catch (ChannelLayerException e) {
                        refusals.add(e);
                      }
                    }
                  }));
    }
    chained.forEach(CompletableFuture::join);

    assertThat(refusals)
        .isNotEmpty()
        .allSatisfy(refusal -> assertThat(refusal).hasMessageContaining("thenAcceptAsync"));
  }

  private CompletableFuture<Void> chain(String channel, int n) {
    if (n == 200) {
      return CompletableFuture.completedFuture(null);
    }
    return layer
        .send(channel, Message.of("test.numbered", "n", n))
        .thenCompose(sent -> chain(channel, n + 1));
  }
}
