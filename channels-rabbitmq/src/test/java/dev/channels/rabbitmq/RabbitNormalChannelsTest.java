package dev.channels.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Message;
import dev.channels.rabbitmq.testing.RabbitBrokers;
import dev.channels.test.TestNames;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Normal channels, which channels_rabbitmq lacks: a queue per channel that several instances read,
 * consumed only while a receiver waits, and its group memberships as bindings that end with the
 * last member.
 */
class RabbitNormalChannelsTest {

  private final String namespace = TestNames.unique("normal");
  private final RabbitChannelLayer first = layer();
  private final RabbitChannelLayer second = layer();

  @AfterEach
  void close() {
    first.close();
    second.close();
  }

  @Test
  void aNormalChannelIsConsumedOnlyWhileSomeoneWaitsOnIt() {
    CompletableFuture<Message> waiting = first.receive("jobs.waited");
    Awaitility.await().until(() -> first.normalConsumers() == 1);

    waiting.cancel(true);

    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> first.normalConsumers() == 0);
  }

  @Test
  void aMessageWhoseReceiverLeftGoesBackToTheQueueForAnotherInstance() {
    CompletableFuture<Message> leaving = first.receive("jobs.handed");
    Awaitility.await().until(() -> first.normalConsumers() == 1);
    leaving.cancel(true);

    second.send("jobs.handed", Message.of("job.run", "n", 1)).join();

    assertThat(second.blocking().receive("jobs.handed", Duration.ofSeconds(10)))
        .contains(Message.of("job.run", "n", 1));
  }

  @Test
  void theInstanceQueueIsBoundOnlyWhileItsChannelsAreInTheGroup() {
    String channel = first.newChannel();
    first.groupAdd("chat_bound", channel).join();
    assertThat(first.boundGroups()).isEqualTo(1);

    first.groupDiscard("chat_bound", channel).join();

    assertThat(first.boundGroups()).isZero();
  }

  private RabbitChannelLayer layer() {
    return RabbitChannelLayer.builder()
        .options(
            RabbitLayerOptions.builder()
                .groupsExchange(namespace)
                .queuePrefix(namespace + ".")
                .build())
        .connectionFactory(RabbitBrokers.connectionFactory())
        .build();
  }
}
