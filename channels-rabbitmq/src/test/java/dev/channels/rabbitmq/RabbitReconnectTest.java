package dev.channels.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.Message;
import dev.channels.rabbitmq.testing.RabbitBrokers;
import dev.channels.test.TestNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection closed under the layer ({@code rabbitmqctl close_connection}) or the broker
 * restarted: the instance's queue outlives its connection, so what was sent to it meanwhile arrives
 * once it is back (channels_rabbitmq's exclusive queue dies with the connection and loses it), and
 * its memberships and receivers carry on.
 */
class RabbitReconnectTest {

  private static final Duration RECOVERY = Duration.ofSeconds(30);

  private final String namespace = TestNames.unique("reconnect");
  private final List<ChannelLayer> layers = new ArrayList<>();

  @AfterEach
  void close() {
    RabbitBrokers.startAppIfStopped();
    layers.forEach(ChannelLayer::close);
  }

  @Test
  void nothingSentToAnInstanceWhileItsConnectionIsClosedIsLost() {
    RabbitChannelLayer receiver = layer();
    RabbitChannelLayer sender = layer();
    String channel = receiver.newChannel();

    RabbitBrokers.closeConnectionsNamed("spring-channels " + receiver.queueName());
    for (int i = 0; i < 50; i++) {
      sender.send(channel, Message.of("test.numbered", "n", i)).join();
    }

    for (int i = 0; i < 50; i++) {
      assertThat(receive(receiver, channel)).isEqualTo(Message.of("test.numbered", "n", i));
    }
  }

  @Test
  void aConnectionClosedWhileMessagesArriveLosesAndRepeatsNone() {
    RabbitChannelLayer receiver = layer();
    RabbitChannelLayer sender = layer();
    String channel = receiver.newChannel();
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      sends.add(sender.send(channel, Message.of("test.numbered", "n", i)));
      if (i == 200) {
        RabbitBrokers.closeConnectionsNamed("spring-channels " + receiver.queueName());
      }
    }
    sends.forEach(CompletableFuture::join);

    for (int i = 0; i < 400; i++) {
      assertThat(receive(receiver, channel)).isEqualTo(Message.of("test.numbered", "n", i));
    }
    assertThat(receiver.blocking().receive(channel, Duration.ofMillis(500))).isEmpty();
  }

  @Test
  void groupsAndNormalChannelReceiversCarryOnAfterTheConnectionWasClosed() {
    RabbitChannelLayer member = layer();
    RabbitChannelLayer sender = layer();
    String channel = member.newChannel();
    member.groupAdd("chat_kept", channel).join();
    CompletableFuture<Message> job = member.receive("jobs.kept");

    RabbitBrokers.closeConnectionsNamed("spring-channels " + member.queueName());
    Awaitility.await().atMost(RECOVERY).until(member::isConnected);
    sender.groupSend("chat_kept", Message.of("chat.message", "text", "still here")).join();
    sender.send("jobs.kept", Message.of("job.run")).join();

    assertThat(receive(member, channel))
        .isEqualTo(Message.of("chat.message", "text", "still here"));
    assertThat(job).succeedsWithin(RECOVERY).isEqualTo(Message.of("job.run"));
  }

  @Test
  void aNormalChannelsMembershipComesBackFromItsInstanceAfterABrokerRestart() {
    RabbitChannelLayer adder = layer();
    adder.groupAdd("chat_jobs", "jobs.restarted").join();

    RabbitBrokers.stopApp();
    RabbitBrokers.startApp();

    Awaitility.await()
        .atMost(RECOVERY)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              adder.groupSend("chat_jobs", Message.of("job.run", "n", 1)).join();
              assertThat(adder.blocking().receive("jobs.restarted", Duration.ofMillis(500)))
                  .contains(Message.of("job.run", "n", 1));
            });
  }

  private RabbitChannelLayer layer() {
    RabbitChannelLayer layer =
        RabbitChannelLayer.builder()
            .settings(ChannelLayerSettings.builder().capacity(1000).build())
            .options(
                RabbitLayerOptions.builder()
                    .groupsExchange(namespace)
                    .queuePrefix(namespace + ".")
                    .build())
            .connectionFactory(RabbitBrokers.connectionFactory())
            .build();
    layers.add(layer);
    return layer;
  }

  private static Message receive(ChannelLayer layer, String channel) {
    return layer
        .blocking()
        .receive(channel, RECOVERY)
        .orElseThrow(() -> new AssertionError("nothing arrived on " + channel));
  }
}
