package dev.channels.test.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.Message;
import dev.channels.Presence;
import dev.channels.test.MutableClock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Presence across two instances on one broker: each lists and counts the other's members and
 * entries, hears its events, sees its entries go at once when it closes, and within the presence
 * timeout when it dies without closing. A backend's test implements {@link #createLayer} so that
 * the layers of one test share a broker and key space, and {@link #abandon} to stop a layer as a
 * killed process stops. Time is a {@link MutableClock} the layers must read; they renew their
 * entries every 200 ms of real time, so a moved clock is caught up with at once.
 */
public abstract class SharedBrokerPresenceContract {

  /** The time every layer of a test reads. */
  protected final MutableClock clock = new MutableClock();

  private final List<ChannelLayer> created = new ArrayList<>();
  private final List<ChannelLayer> abandoned = new ArrayList<>();

  /** One instance of the application. */
  protected ChannelLayer first;

  /** Another instance of the application, on the same broker. */
  protected ChannelLayer second;

  /**
   * A layer of the backend under test on the broker this test shares, with {@code settings} and
   * {@code clock}; the contract closes it after the test, unless it abandoned it.
   */
  protected abstract ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock);

  /**
   * Stops {@code layer} as a killed process stops (SIGKILL): its heartbeat and timers stop, and it
   * says no goodbye, leaving its presence entries on the broker as they are. Whatever else it holds
   * (connections, threads) the test may release.
   */
  protected abstract void abandon(ChannelLayer layer);

  @BeforeEach
  void createTwoInstances() {
    first = layer();
    second = layer();
  }

  @AfterEach
  void closeThem() {
    created.stream().filter(layer -> !abandoned.contains(layer)).forEach(ChannelLayer::close);
  }

  private ChannelLayer layer() {
    ChannelLayerSettings settings =
        ChannelLayerSettings.builder().presenceHeartbeat(Duration.ofMillis(200)).build();
    ChannelLayer layer = createLayer(settings, clock);
    created.add(layer);
    return layer;
  }

  @Test
  void eitherInstanceCountsListsAndSeesThePresenceOfBoth() {
    String onFirst = first.newChannel();
    String onSecond = second.newChannel();
    await(first.groupAdd("chat_both", onFirst));
    await(second.groupAdd("chat_both", onSecond));
    await(first.presenceJoin("chat_both", onFirst, "alice", Map.of("name", "Alice")));
    await(second.presenceJoin("chat_both", onSecond, "bob", Map.of("name", "Bob")));

    for (ChannelLayer either : List.of(first, second)) {
      assertThat(await(either.groupSize("chat_both"))).isEqualTo(2);
      assertThat(await(either.groupChannels("chat_both")).items())
          .containsExactlyInAnyOrder(onFirst, onSecond);
      assertThat(await(either.presence("chat_both")).items())
          .extracting(Presence::key)
          .containsExactly("alice", "bob");
    }
  }

  @Test
  void aSubscriberHearsTheEventsOfTheOtherInstanceInOrder() {
    String watcher = first.newChannel();
    await(first.presenceSubscribe("chat_events", watcher));
    String bob = second.newChannel();

    await(second.presenceJoin("chat_events", bob, "bob", Map.of("name", "Bob")));
    await(second.presenceLeave("chat_events", bob));

    Message join = await(first.receive(watcher));
    Message leave = await(first.receive(watcher));
    assertThat(join.type()).isEqualTo("presence.join");
    assertThat(join.get("channel")).isEqualTo(bob);
    assertThat(leave.type()).isEqualTo("presence.leave");
    assertThat(leave.get("reason")).isEqualTo("left");
  }

  @Test
  void aCleanCloseRemovesTheInstancesEntriesAtOnceAndAnnouncesTheirLeave() {
    String watcher = second.newChannel();
    await(second.presenceSubscribe("chat_closing", watcher));
    String alice = first.newChannel();
    String bob = second.newChannel();
    await(first.presenceJoin("chat_closing", alice, "alice", Map.of()));
    await(second.presenceJoin("chat_closing", bob, "bob", Map.of()));
    assertThat(await(second.receive(watcher)).get("channel")).isEqualTo(alice);
    assertThat(await(second.receive(watcher)).get("channel")).isEqualTo(bob);

    first.close();

    assertThat(await(second.presence("chat_closing")).items())
        .extracting(Presence::key)
        .containsExactly("bob");
    Message leave = await(second.receive(watcher));
    assertThat(leave.type()).isEqualTo("presence.leave");
    assertThat(leave.asMap()).containsEntry("channel", alice).containsEntry("reason", "left");
  }

  @Test
  void theEntriesOfAnInstanceKilledWithoutClosingAreGoneWithinThirtySeconds() {
    String watcher = second.newChannel();
    await(second.presenceSubscribe("chat_killed", watcher));
    String alice = first.newChannel();
    String bob = second.newChannel();
    await(first.presenceJoin("chat_killed", alice, "alice", Map.of("name", "Alice")));
    await(second.presenceJoin("chat_killed", bob, "bob", Map.of()));
    await(second.receive(watcher));
    await(second.receive(watcher));

    abandon(first);
    abandoned.add(first);
    clock.advance(Duration.ofSeconds(30));

    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(await(second.presence("chat_killed")).items())
                    .extracting(Presence::key)
                    .containsExactly("bob"));
    Message leave = await(second.receive(watcher));
    assertThat(leave.type()).isEqualTo("presence.leave");
    assertThat(leave.asMap())
        .containsEntry("channel", alice)
        .containsEntry("key", "alice")
        .containsEntry("data", Map.of("name", "Alice"))
        .containsEntry("reason", "timeout");
  }

  @Test
  void aLiveInstanceKeepsItsEntriesWhileTimePasses() {
    String alice = first.newChannel();
    await(first.presenceJoin("chat_alive", alice, "alice", Map.of()));

    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(15));
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(await(second.presence("chat_alive")).items())
                      .extracting(Presence::key)
                      .containsExactly("alice"));
    }
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
    try {
      return future.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("The layer's future did not complete normally: " + e, e);
    }
  }
}
