package dev.channels.test.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.BackendUnavailableException;
import dev.channels.ChannelLayer;
import dev.channels.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A broker that goes away and comes back empty, as a restart without persistence does: sends fail
 * fast while it is away, receives resume, memberships come back, and nothing sent after the
 * recovery is lost. A backend's test gives a broker the test may stop and start, and layers on it.
 */
public abstract class OutageContract {

  /** How long recovery may take before a test gives up; a figure for drills, not a target. */
  protected static final Duration RECOVERY = Duration.ofSeconds(30);

  private final List<ChannelLayer> created = new ArrayList<>();

  /** A new layer on the broker this test stops and starts; the contract closes it. */
  protected abstract ChannelLayer createLayer();

  /** Stops the broker abruptly (as SIGKILL does), losing what it held. */
  protected abstract void stopBroker();

  /** Starts the broker again, empty, where the layers expect it. */
  protected abstract void startBroker();

  @AfterEach
  void closeLayers() {
    created.forEach(ChannelLayer::close);
  }

  /** A layer, closed after the test. */
  protected ChannelLayer layer() {
    ChannelLayer layer = createLayer();
    created.add(layer);
    return layer;
  }

  @Test
  void aSendWhileTheBrokerIsAwayFailsWithBackendUnavailable() {
    ChannelLayer layer = layer();
    String channel = layer.newChannel();
    layer.send(channel, chat("before")).join();

    stopBroker();

    Awaitility.await()
        .atMost(RECOVERY)
        .untilAsserted(
            () ->
                assertThat(layer.send(channel, chat("during")))
                    .failsWithin(RECOVERY)
                    .withThrowableThat()
                    .havingRootCause()
                    .isInstanceOf(BackendUnavailableException.class));
  }

  @Test
  void aReceiveWaitingThroughTheOutageGetsTheFirstMessageAfterIt() {
    ChannelLayer layer = layer();
    String channel = layer.newChannel();
    CompletableFuture<Message> waiting = layer.receive(channel);

    stopBroker();
    startBroker();
    sendOnceRecovered(layer, channel, chat("after"));

    assertThat(waiting).succeedsWithin(RECOVERY).isEqualTo(chat("after"));
  }

  @Test
  void membershipsTheBrokerLostComeBackFromTheirInstance() {
    ChannelLayer member = layer();
    ChannelLayer sender = layer();
    String channel = member.newChannel();
    member.groupAdd("chat_survivors", channel).join();

    stopBroker();
    startBroker();

    Awaitility.await()
        .atMost(RECOVERY)
        .untilAsserted(
            () -> {
              sender.groupSend("chat_survivors", chat("still here")).join();
              assertThat(member.blocking().receive(channel, Duration.ofMillis(500)))
                  .contains(chat("still here"));
            });
  }

  @Test
  void nothingSentAfterTheRecoveryIsLost() {
    ChannelLayer layer = layer();
    String channel = layer.newChannel();
    stopBroker();
    startBroker();
    sendOnceRecovered(layer, channel, chat("first"));

    // The first and 99 more: the channel's default capacity of 100.
    for (int i = 0; i < 99; i++) {
      layer.send(channel, Message.of("test.numbered", "n", i)).join();
    }

    assertThat(layer.blocking().receive(channel)).isEqualTo(chat("first"));
    for (int i = 0; i < 99; i++) {
      assertThat(layer.blocking().receive(channel)).isEqualTo(Message.of("test.numbered", "n", i));
    }
  }

  /** Sends {@code message}, retrying while the layer still finds the broker away. */
  protected static void sendOnceRecovered(ChannelLayer layer, String channel, Message message) {
    Awaitility.await()
        .atMost(RECOVERY)
        .ignoreExceptions()
        .until(
            () -> {
              layer.send(channel, message).join();
              return true;
            });
  }

  private static Message chat(String text) {
    return Message.of("chat.message", "message", text);
  }
}
