package dev.channels.test.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerException;
import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Many threads at once: nothing lost or duplicated, and each sender's order kept. */
public abstract class ConcurrencyContract extends LayerContractSupport {

  @Test
  void manySendersAndReceiversLoseAndDuplicateNothing() throws Exception {
    ChannelLayer roomy = layer(settings -> settings.capacity(100_000));
    int senders = 4;
    int perSender = 2_500;
    Set<Long> received = ConcurrentHashMap.newKeySet();
    List<Long> duplicates = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(2 * senders);
    CountDownLatch done = new CountDownLatch(senders * perSender);
    try {
      for (int r = 0; r < senders; r++) {
        pool.execute(() -> receiveInto(roomy, received, duplicates, done));
      }
      for (int s = 0; s < senders; s++) {
        int sender = s;
        pool.execute(
            () ->
                IntStream.range(0, perSender)
                    .forEach(
                        i -> roomy.blocking().send("test.busy", numbered(sender * perSender + i))));
      }

      assertThat(done.await(60, TimeUnit.SECONDS)).as("all messages received").isTrue();
    } finally {
      pool.shutdownNow();
    }
    assertThat(duplicates).isEmpty();
    assertThat(received).hasSize(senders * perSender);
  }

  @Test
  void oneReceiverSeesEachSendersMessagesInOrder() throws Exception {
    ChannelLayer roomy = layer(settings -> settings.capacity(100_000));
    ExecutorService pool =
        sequencedSenders(3, 1_000, m -> roomy.blocking().send("test.ordered", m));
    try {
      assertEachSendersOrder(roomy, "test.ordered", 3, 1_000);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentJoinsAllCount() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<Void>> joins = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        String member = "test.joiner" + i;
        joins.add(
            CompletableFuture.supplyAsync(() -> layer.groupAdd("test_crowd", member), pool)
                .thenCompose(join -> join));
      }
      joins.forEach(LayerContractSupport::await);

      await(layer.groupSend("test_crowd", chat("roll call")));

      for (int i = 0; i < 400; i++) {
        assertThat(await(layer.receive("test.joiner" + i))).isEqualTo(chat("roll call"));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void groupSendsFromManyThreadsReachEveryMemberInEachSendersOrder() throws Exception {
    ChannelLayer roomy = layer(settings -> settings.capacity(100_000));
    List<String> members = List.of("test.member", roomy.newChannel());
    for (String member : members) {
      await(roomy.groupAdd("test_room", member));
    }
    ExecutorService pool =
        sequencedSenders(4, 300, m -> roomy.blocking().groupSend("test_room", m));
    try {
      for (String member : members) {
        assertEachSendersOrder(roomy, member, 4, 300);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // Each of `senders` threads passes `perSender` messages numbered from 0 to `send`, in order.
  private ExecutorService sequencedSenders(int senders, int perSender, Consumer<Message> send) {
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    for (int s = 0; s < senders; s++) {
      int sender = s;
      pool.execute(
          () ->
              IntStream.range(0, perSender)
                  .forEach(i -> send.accept(Message.of("test.seq", "sender", sender, "i", i))));
    }
    return pool;
  }

  private void assertEachSendersOrder(
      ChannelLayer source, String channel, int senders, int perSender) {
    long[] next = new long[senders];
    for (int k = 0; k < senders * perSender; k++) {
      Message message = await(source.receive(channel));
      int sender = message.get("sender", Long.class).intValue();
      assertThat(message.get("i", Long.class))
          .as("sender %d's next message to %s", sender, channel)
          .isEqualTo(next[sender]++);
    }
  }

  @Test
  void sendsIssuedTogetherReachAReceiverTakingMeanwhileInTheOrderTheyWereMade() throws Exception {
    ChannelLayer roomy = layer(settings -> settings.capacity(100_000));
    String local = roomy.newChannel();
    for (String channel : List.of("test.ordered", local)) {
      CompletableFuture<List<Long>> taken =
          CompletableFuture.supplyAsync(
              () -> {
                List<Long> numbers = new ArrayList<>();
                for (int i = 0; i < 2_000; i++) {
                  numbers.add(await(roomy.receive(channel)).get("n", Long.class));
                }
                return numbers;
              });
      List<CompletableFuture<Void>> sends = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        sends.add(roomy.send(channel, numbered(i)));
      }
      sends.forEach(LayerContractSupport::await);

      assertThat(taken.get(60, TimeUnit.SECONDS))
          .as("the order %s took them in", channel)
          .isSorted()
          .hasSize(2_000);
    }
  }

  @Test
  void groupSendsIssuedTogetherArriveInTheOrderTheyWereMade() {
    ChannelLayer roomy = layer(settings -> settings.capacity(100_000));
    String local = roomy.newChannel();
    await(roomy.groupAdd("test_room", "test.member"));
    await(roomy.groupAdd("test_room", local));

    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      sends.add(roomy.groupSend("test_room", numbered(i)));
    }
    sends.forEach(LayerContractSupport::await);

    for (String member : List.of("test.member", local)) {
      for (int i = 0; i < 500; i++) {
        assertThat(await(roomy.receive(member))).isEqualTo(numbered(i));
      }
    }
  }

  @Test
  void groupSendsIssuedTogetherFillAMemberInOrderAndDropOnlyTheRest() {
    ChannelLayer small = layer(settings -> settings.capacity(5));
    await(small.groupAdd("test_room", "test.slow"));

    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sends.add(small.groupSend("test_room", numbered(i)));
    }
    sends.forEach(LayerContractSupport::await);

    Awaitility.await()
        .untilAsserted(() -> assertThat(small.stats().dropped(DropReason.CAPACITY)).isEqualTo(15));
    for (int i = 0; i < 5; i++) {
      assertThat(await(small.receive("test.slow"))).isEqualTo(numbered(i));
    }
  }

  private void receiveInto(
      ChannelLayer source, Set<Long> received, List<Long> duplicates, CountDownLatch done) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        source
            .blocking()
            .receive("test.busy", Duration.ofMillis(100))
            .ifPresent(
                message -> {
                  long n = message.get("n", Long.class);
                  if (!received.add(n)) {
                    synchronized (duplicates) {
                      duplicates.add(n);
                    }
                  }
                  done.countDown();
                });
      }
    } catch (ChannelLayerException interrupted) {
      // The test is over: shutdownNow() interrupted the wait, as it should.
    }
  }
}
