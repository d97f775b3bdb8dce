package dev.channels.test.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.Message;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two layers on one broker, as two instances of an application are: each sees the other's groups
 * and channels. A backend's test implements {@link #createLayer} so that every layer it makes
 * during one test shares the same broker and key space (for Redis, one prefix per test). For a
 * backend whose broker is the process itself (in memory), both layers may be one.
 */
public abstract class SharedBrokerContract {

  private final List<ChannelLayer> created = new ArrayList<>();

  /** One instance of the application. */
  protected ChannelLayer first;

  /** Another instance of the application, on the same broker. */
  protected ChannelLayer second;

  /**
   * A layer of the backend under test on the broker this test shares, with {@code settings}; the
   * contract closes it after the test.
   */
  protected abstract ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock);

  @BeforeEach
  void createTwoInstances() {
    first = layer();
    second = layer();
  }

  @AfterEach
  void closeThem() {
    created.forEach(ChannelLayer::close);
  }

  private ChannelLayer layer() {
    ChannelLayer layer = createLayer(ChannelLayerSettings.defaults(), InstantSource.system());
    created.add(layer);
    return layer;
  }

  @Test
  void aGroupSendFromOneInstanceReachesTheMembersOfBoth() {
    String onFirst = first.newChannel();
    String onSecond = second.newChannel();
    first.groupAdd("chat_shared", onFirst).join();
    second.groupAdd("chat_shared", onSecond).join();

    first.groupSend("chat_shared", chat("to both")).join();

    assertThat(receive(first, onFirst)).isEqualTo(chat("to both"));
    assertThat(receive(second, onSecond)).isEqualTo(chat("to both"));
  }

  @Test
  void aSendReachesAProcessLocalChannelOfTheOtherInstance() {
    String onSecond = second.newChannel();

    first.send(onSecond, chat("direct")).join();

    assertThat(receive(second, onSecond)).isEqualTo(chat("direct"));
  }

  @Test
  void aNormalChannelIsOneQueueForBothInstances() {
    first.send("jobs.shared", chat("one")).join();
    first.send("jobs.shared", chat("two")).join();

    assertThat(receive(second, "jobs.shared")).isEqualTo(chat("one"));
    assertThat(receive(first, "jobs.shared")).isEqualTo(chat("two"));
  }

  @Test
  void aChannelTheOtherInstanceAddedToAGroupGetsItsMessages() {
    String onFirst = first.newChannel();
    second.groupAdd("chat_added", onFirst).join();

    second.groupSend("chat_added", chat("added by the other")).join();

    assertThat(receive(first, onFirst)).isEqualTo(chat("added by the other"));
  }

  @Test
  void aChannelTheOtherInstanceDiscardedGetsNoMoreOfTheGroup() {
    String onFirst = first.newChannel();
    String witness = first.newChannel();
    first.groupAdd("chat_left", onFirst).join();
    first.groupAdd("chat_left", witness).join();
    second.groupDiscard("chat_left", onFirst).join();

    second.groupSend("chat_left", chat("after the discard")).join();

    assertThat(receive(first, witness)).isEqualTo(chat("after the discard"));
    first.send(onFirst, chat("marker")).join();
    assertThat(receive(first, onFirst))
        .as("the discarded channel's next message")
        .isEqualTo(chat("marker"));
  }

  @Test
  void eitherInstancesSnapshotShowsTheSharedGroups() {
    first.groupAdd("chat_seen", first.newChannel()).join();
    second.groupAdd("chat_seen", second.newChannel()).join();

    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(first.snapshot().join().groups()).containsEntry("chat_seen", 2);
              assertThat(second.snapshot().join().groups()).containsEntry("chat_seen", 2);
            });
  }

  @Test
  void aFlushByOneInstanceEmptiesTheGroupsOfBoth() {
    String onSecond = second.newChannel();
    second.groupAdd("chat_flushed", onSecond).join();

    first.flush().join();
    first.groupSend("chat_flushed", chat("after the flush")).join();
    second.send(onSecond, chat("marker")).join();

    assertThat(receive(second, onSecond)).isEqualTo(chat("marker"));
  }

  private static Message chat(String text) {
    return Message.of("chat.message", "message", text);
  }

  private static Message receive(ChannelLayer layer, String channel) {
    return layer
        .blocking()
        .receive(channel, Duration.ofSeconds(20))
        .orElseThrow(() -> new AssertionError("nothing arrived on " + channel));
  }
}
