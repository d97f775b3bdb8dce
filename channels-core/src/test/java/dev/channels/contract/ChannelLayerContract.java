package dev.channels.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.ChannelFullException;
import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerClosedException;
import dev.channels.ChannelLayerException;
import dev.channels.ChannelLayerSettings;
import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.Extension;
import dev.channels.InvalidMessageException;
import dev.channels.InvalidNameException;
import dev.channels.LayerSnapshot;
import dev.channels.Message;
import dev.channels.MessageTooLargeException;
import dev.channels.codec.MessagePackCodec;
import dev.channels.internal.Values;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The channel layer specification as tests. Every backend extends this class and implements {@link
 * #createLayer}; passing all of it is what "a channel layer" means here.
 *
 * <p>Time is a {@link MutableClock} the backend must read, so expiry is tested by moving the clock,
 * never by sleeping.
 */
public abstract class ChannelLayerContract {

  /** The time every layer of a test reads. */
  protected final MutableClock clock = new MutableClock();

  private final List<ChannelLayer> created = new ArrayList<>();

  /** A layer made with the default settings before each test. */
  protected ChannelLayer layer;

  /**
   * A new, empty layer of the backend under test with {@code settings}, reading the time from
   * {@code clock}.
   */
  protected abstract ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock);

  /** A layer with {@code settings}, closed after the test. */
  protected ChannelLayer layer(ChannelLayerSettings settings) {
    ChannelLayer made = createLayer(settings, clock);
    created.add(made);
    return made;
  }

  /** A layer with the defaults changed by {@code change}, closed after the test. */
  protected ChannelLayer layer(Consumer<ChannelLayerSettings.Builder> change) {
    ChannelLayerSettings.Builder builder = ChannelLayerSettings.builder();
    change.accept(builder);
    return layer(builder.build());
  }

  @BeforeEach
  void createDefaultLayer() {
    layer = layer(ChannelLayerSettings.defaults());
  }

  @AfterEach
  void closeLayers() {
    created.forEach(ChannelLayer::close);
  }

  /** The result of {@code future}, failing the test if it does not arrive in good time. */
  protected static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("The layer's future did not complete normally: " + e, e);
    }
  }

  static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "contract-test");
    thread.setDaemon(true);
    return thread;
  }

  static Message chat(String text) {
    return Message.of("chat.message", "message", text);
  }

  static Message numbered(int number) {
    return Message.of("test.numbered", "n", number);
  }

  /** One layer operation, as a test table's row. */
  @FunctionalInterface
  protected interface Call {
    /** Calls the operation on {@code target}: its future, or its result. */
    Object on(ChannelLayer target);
  }

  @Nested
  class SendAndReceive {

    @Test
    void receivesWhatWasSent() {
      await(layer.send("test.channel", chat("Hello, world!")));

      assertThat(await(layer.receive("test.channel"))).isEqualTo(chat("Hello, world!"));
    }

    @Test
    void keepsEachChannelInSendOrder() {
      for (int i = 0; i < 50; i++) {
        await(layer.send("test.ordered", numbered(i)));
      }

      for (int i = 0; i < 50; i++) {
        assertThat(await(layer.receive("test.ordered"))).isEqualTo(numbered(i));
      }
    }

    @Test
    void aReceiveWaitsForAMessageSentLater() {
      CompletableFuture<Message> pending = layer.receive("test.later");

      await(layer.send("test.later", chat("late")));

      assertThat(await(pending)).isEqualTo(chat("late"));
    }

    @Test
    void givesEachWaitingReceiverADifferentMessage() {
      CompletableFuture<Message> first = layer.receive("test.shared");
      CompletableFuture<Message> second = layer.receive("test.shared");

      await(layer.send("test.shared", numbered(1)));
      await(layer.send("test.shared", numbered(2)));

      assertThat(Set.of(await(first), await(second)))
          .containsExactlyInAnyOrder(numbered(1), numbered(2));
    }

    @Test
    void keepsChannelsApart() {
      CompletableFuture<Message> onB = layer.receive("test.b");

      await(layer.send("test.a", chat("for a")));
      await(layer.send("test.b", chat("for b")));

      assertThat(await(onB)).isEqualTo(chat("for b"));
      assertThat(await(layer.receive("test.a"))).isEqualTo(chat("for a"));
    }

    @Test
    void blockingCallsReturnResultsAndThrowTheLayersExceptions() {
      ChannelLayer small = layer(settings -> settings.capacity(1));
      small.blocking().send("test.blocking", chat("one"));

      assertThatThrownBy(() -> small.blocking().send("test.blocking", chat("two")))
          .isInstanceOf(ChannelFullException.class);
      assertThat(small.blocking().receive("test.blocking")).isEqualTo(chat("one"));
      assertThat(small.blocking().receive("test.blocking", Duration.ofMillis(50))).isEmpty();
    }
  }

  @Nested
  class ProcessLocalChannels {

    @Test
    void newChannelNamesAreProcessLocalAndUnique() {
      Set<String> names = new HashSet<>();
      for (int i = 0; i < 1000; i++) {
        names.add(layer.newChannel());
      }

      assertThat(names)
          .hasSize(1000)
          .allMatch(name -> name.matches("specific\\.[0-9a-f]{32}![0-9a-f]{32}"));
      assertThat(names.stream().map(name -> name.substring(0, name.indexOf('!'))).distinct())
          .as("one instance id per layer")
          .hasSize(1);
    }

    @Test
    void eachLayerInstanceHasItsOwnInstanceId() {
      String mine = layer.newChannel();
      String theirs = layer(ChannelLayerSettings.defaults()).newChannel();

      assertThat(mine.substring(0, mine.indexOf('!')))
          .isNotEqualTo(theirs.substring(0, theirs.indexOf('!')));
    }

    @Test
    void newChannelStartsWithTheGivenPrefix() {
      assertThat(layer.newChannel("websocket.send"))
          .matches("websocket\\.send\\.[0-9a-f]{32}![0-9a-f]{32}");
    }

    @Test
    void refusesAPrefixThatWouldMakeTheNameLongerThanDjangoAccepts() {
      assertThat(layer.newChannel("p".repeat(33))).hasSize(99);
      assertThatThrownBy(() -> layer.newChannel("p".repeat(34)))
          .isInstanceOf(InvalidNameException.class)
          .hasMessageContaining("1 to 33 characters")
          .hasMessageContaining("99");
      assertThatThrownBy(() -> layer.newChannel("bad!prefix"))
          .isInstanceOf(InvalidNameException.class);
    }

    @Test
    void deliversToEachProcessLocalChannelSeparately() {
      String alice = layer.newChannel();
      String bob = layer.newChannel();
      CompletableFuture<Message> bobReceives = layer.receive(bob);

      await(layer.send(alice, chat("to alice")));
      await(layer.send(bob, chat("to bob")));

      assertThat(await(bobReceives)).isEqualTo(chat("to bob"));
      assertThat(await(layer.receive(alice))).isEqualTo(chat("to alice"));
    }

    @Test
    void keepsAProcessLocalChannelInSendOrder() {
      String channel = layer.newChannel();
      for (int i = 0; i < 50; i++) {
        await(layer.send(channel, numbered(i)));
      }

      for (int i = 0; i < 50; i++) {
        assertThat(await(layer.receive(channel))).isEqualTo(numbered(i));
      }
    }

    @Test
    void groupSendReachesProcessLocalMembers() {
      String first = layer.newChannel();
      String second = layer.newChannel();
      await(layer.groupAdd("test_room", first));
      await(layer.groupAdd("test_room", second));

      await(layer.groupSend("test_room", chat("hi all")));

      assertThat(await(layer.receive(first))).isEqualTo(chat("hi all"));
      assertThat(await(layer.receive(second))).isEqualTo(chat("hi all"));
    }
  }

  @Nested
  class Capacity {

    @Test
    void aSendToAFullChannelFailsWithChannelFull() {
      ChannelLayer small = layer(settings -> settings.capacity(3));
      for (int i = 0; i < 3; i++) {
        await(small.send("test.full", numbered(i)));
      }

      assertThat(small.send("test.full", numbered(3)))
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableThat()
          .havingRootCause()
          .isInstanceOf(ChannelFullException.class)
          .withMessageContaining("'test.full' is full")
          .withMessageContaining("channel-capacity");
    }

    @Test
    void aFullChannelAcceptsAgainOnceAMessageIsReceived() {
      ChannelLayer small = layer(settings -> settings.capacity(1));
      await(small.send("test.full", numbered(1)));
      await(small.receive("test.full"));

      await(small.send("test.full", numbered(2)));

      assertThat(await(small.receive("test.full"))).isEqualTo(numbered(2));
    }

    @Test
    void theFirstMatchingCapacityGlobWins() {
      Map<String, Integer> rules = new LinkedHashMap<>();
      rules.put("websocket.send*", 2);
      rules.put("websocket.*", 5);
      rules.put("log.[0-9]", 1);
      ChannelLayer layered = layer(settings -> settings.capacity(10).channelCapacity(rules));

      assertThat(fillUntilFull(layered, "websocket.send.1")).isEqualTo(2);
      assertThat(fillUntilFull(layered, "websocket.receive")).isEqualTo(5);
      assertThat(fillUntilFull(layered, "log.7")).isEqualTo(1);
      assertThat(fillUntilFull(layered, "log.x")).isEqualTo(10);
    }

    @Test
    void aSendToAFullProcessLocalChannelFailsWithChannelFull() {
      ChannelLayer small = layer(settings -> settings.capacity(2));
      String channel = small.newChannel("websocket.send");

      assertThat(fillUntilFull(small, channel)).isEqualTo(2);
      assertThatThrownBy(() -> small.blocking().send(channel, chat("one more")))
          .isInstanceOf(ChannelFullException.class)
          .as("a rule for the prefix, since the full name is never used again")
          .hasMessageContaining("a glob such as 'websocket.send.*'");
    }

    @Test
    void groupSendSkipsFullMembersWithoutFailing() {
      ChannelLayer small = layer(settings -> settings.capacity(1));
      await(small.groupAdd("test_group", "test.full"));
      await(small.groupAdd("test_group", "test.free"));
      await(small.send("test.full", chat("already here")));

      await(small.groupSend("test_group", chat("broadcast")));

      assertThat(await(small.receive("test.free"))).isEqualTo(chat("broadcast"));
      assertThat(await(small.receive("test.full"))).isEqualTo(chat("already here"));
      Awaitility.await()
          .untilAsserted(() -> assertThat(small.stats().dropped(DropReason.CAPACITY)).isEqualTo(1));
    }

    @Test
    void groupSendSkipsFullProcessLocalMembersWithoutFailing() {
      ChannelLayer small = layer(settings -> settings.capacity(2));
      String slow = small.newChannel();
      String fast = small.newChannel();
      await(small.groupAdd("test_group", slow));
      await(small.groupAdd("test_group", fast));

      for (int i = 0; i < 4; i++) {
        await(small.groupSend("test_group", numbered(i)));
        assertThat(await(small.receive(fast))).isEqualTo(numbered(i));
      }

      // Delivery to the members of one group send may be asynchronous (Redis), so wait until both
      // drops happened before draining the slow member, which would otherwise make room again.
      Awaitility.await()
          .untilAsserted(() -> assertThat(small.stats().dropped(DropReason.CAPACITY)).isEqualTo(2));
      assertThat(await(small.receive(slow))).isEqualTo(numbered(0));
      assertThat(await(small.receive(slow))).isEqualTo(numbered(1));
      await(small.send(slow, chat("marker")));
      assertThat(await(small.receive(slow))).as("2 and 3 were dropped").isEqualTo(chat("marker"));
    }

    private int fillUntilFull(ChannelLayer target, String channel) {
      for (int sent = 0; sent < 1000; sent++) {
        try {
          target.blocking().send(channel, numbered(sent));
        } catch (ChannelFullException full) {
          assertThat(full.channel()).isEqualTo(channel);
          assertThat(full.capacity()).isEqualTo(sent);
          return sent;
        }
      }
      throw new AssertionError(channel + " never became full");
    }
  }

  @Nested
  class Groups {

    @Test
    void groupSendReachesEveryMember() {
      for (int i = 0; i < 10; i++) {
        await(layer.groupAdd("test_group", "test.member" + i));
      }

      await(layer.groupSend("test_group", chat("to all")));

      for (int i = 0; i < 10; i++) {
        assertThat(await(layer.receive("test.member" + i))).isEqualTo(chat("to all"));
      }
    }

    @Test
    void addingAMemberTwiceDeliversOnce() {
      await(layer.groupAdd("test_group", "test.twice"));
      await(layer.groupAdd("test_group", "test.twice"));

      await(layer.groupSend("test_group", chat("once")));
      await(layer.send("test.twice", chat("direct")));

      assertThat(await(layer.receive("test.twice"))).isEqualTo(chat("once"));
      assertThat(await(layer.receive("test.twice"))).isEqualTo(chat("direct"));
    }

    @Test
    void aDiscardedMemberGetsNoMoreGroupMessages() {
      await(layer.groupAdd("test_group", "test.leaver"));
      await(layer.groupAdd("test_group", "test.stayer"));
      await(layer.groupDiscard("test_group", "test.leaver"));

      await(layer.groupSend("test_group", chat("after leaving")));
      await(layer.send("test.leaver", chat("direct")));

      assertThat(await(layer.receive("test.leaver"))).isEqualTo(chat("direct"));
      assertThat(await(layer.receive("test.stayer"))).isEqualTo(chat("after leaving"));
    }

    @Test
    void discardingANonMemberOrAnUnknownGroupDoesNothing() {
      await(layer.groupAdd("test_group", "test.member"));

      await(layer.groupDiscard("test_group", "test.stranger"));
      await(layer.groupDiscard("test_unknown", "test.member"));

      await(layer.groupSend("test_group", chat("still here")));
      assertThat(await(layer.receive("test.member"))).isEqualTo(chat("still here"));
    }

    @Test
    void aSendToAnEmptyGroupSucceeds() {
      await(layer.groupSend("test_nobody", chat("into the void")));
    }

    @Test
    void aChannelInTwoGroupsGetsEachGroupsMessages() {
      await(layer.groupAdd("test_one", "test.both"));
      await(layer.groupAdd("test_two", "test.both"));

      await(layer.groupSend("test_one", chat("from one")));
      await(layer.groupSend("test_two", chat("from two")));

      assertThat(await(layer.receive("test.both"))).isEqualTo(chat("from one"));
      assertThat(await(layer.receive("test.both"))).isEqualTo(chat("from two"));
    }

    @Test
    void groupSendCompletesAWaitingReceive() {
      String channel = layer.newChannel();
      await(layer.groupAdd("test_group", channel));
      CompletableFuture<Message> pending = layer.receive(channel);

      await(layer.groupSend("test_group", chat("wake up")));

      assertThat(await(pending)).isEqualTo(chat("wake up"));
    }
  }

  @Nested
  class Expiry {

    @Test
    void dropsMessagesLeftUnreadPastTheExpiry() {
      ChannelLayer expiring = layer(settings -> settings.expiry(Duration.ofSeconds(10)));
      await(expiring.send("test.stale", chat("old")));

      clock.advance(Duration.ofSeconds(11));
      await(expiring.send("test.stale", chat("new")));

      assertThat(await(expiring.receive("test.stale"))).isEqualTo(chat("new"));
      Awaitility.await()
          .untilAsserted(
              () -> assertThat(expiring.stats().dropped(DropReason.EXPIRED)).isEqualTo(1));
    }

    @Test
    void keepsMessagesYoungerThanTheExpiry() {
      ChannelLayer expiring = layer(settings -> settings.expiry(Duration.ofSeconds(10)));
      await(expiring.send("test.fresh", chat("fresh")));

      clock.advance(Duration.ofSeconds(9));

      assertThat(await(expiring.receive("test.fresh"))).isEqualTo(chat("fresh"));
    }

    @Test
    void expiredMessagesNoLongerCountTowardsCapacity() {
      ChannelLayer small = layer(settings -> settings.capacity(1).expiry(Duration.ofSeconds(10)));
      await(small.send("test.full", chat("old")));

      clock.advance(Duration.ofSeconds(11));

      await(small.send("test.full", chat("new")));
      assertThat(await(small.receive("test.full"))).isEqualTo(chat("new"));
    }

    @Test
    void dropsGroupMembershipsPastTheGroupExpiry() {
      ChannelLayer expiring = layer(settings -> settings.groupExpiry(Duration.ofSeconds(100)));
      await(expiring.groupAdd("test_group", "test.member"));

      clock.advance(Duration.ofSeconds(101));
      await(expiring.groupSend("test_group", chat("too late")));
      await(expiring.send("test.member", chat("direct")));

      assertThat(await(expiring.receive("test.member"))).isEqualTo(chat("direct"));
    }

    @Test
    void groupAddRenewsAMembership() {
      ChannelLayer expiring = layer(settings -> settings.groupExpiry(Duration.ofSeconds(100)));
      await(expiring.groupAdd("test_group", "test.member"));
      clock.advance(Duration.ofSeconds(60));
      await(expiring.groupAdd("test_group", "test.member"));

      clock.advance(Duration.ofSeconds(60));
      await(expiring.groupSend("test_group", chat("still a member")));

      assertThat(await(expiring.receive("test.member"))).isEqualTo(chat("still a member"));
    }

    @Test
    void aSnapshotLeavesOutExpiredMessagesAndMemberships() {
      ChannelLayer expiring =
          layer(
              settings ->
                  settings.expiry(Duration.ofSeconds(10)).groupExpiry(Duration.ofSeconds(100)));
      await(expiring.groupAdd("test_old", "test.member"));
      await(expiring.send("test.stale", chat("old")));
      clock.advance(Duration.ofSeconds(95));
      await(expiring.groupAdd("test_young", "test.member"));
      await(expiring.send("test.fresh", chat("new")));

      clock.advance(Duration.ofSeconds(6));
      LayerSnapshot snapshot = await(expiring.snapshot());

      assertThat(snapshot.groups()).containsOnlyKeys("test_young");
      assertThat(snapshot.channels()).containsOnlyKeys("test.fresh");
    }
  }

  @Nested
  class Flush {

    @Test
    void flushRemovesEveryMessageAndGroup() {
      await(layer.send("test.flushed", chat("gone")));
      await(layer.groupAdd("test_group", "test.member"));

      await(layer.flush());
      await(layer.groupSend("test_group", chat("nobody hears")));
      await(layer.send("test.flushed", chat("after")));
      await(layer.send("test.member", chat("direct")));

      assertThat(await(layer.receive("test.flushed"))).isEqualTo(chat("after"));
      assertThat(await(layer.receive("test.member"))).isEqualTo(chat("direct"));
    }

    @Test
    void aReceiveWaitingAcrossAFlushGetsTheNextMessage() {
      CompletableFuture<Message> pending = layer.receive("test.waiting");

      await(layer.flush());
      await(layer.send("test.waiting", chat("after flush")));

      assertThat(await(pending)).isEqualTo(chat("after flush"));
    }
  }

  @Nested
  class Names {

    static Stream<String> validChannelNames() {
      return Stream.of(
          "a",
          "http.request",
          "Az09-_.",
          "websocket.send!abc123",
          "specific.x!",
          "single.reader?only",
          "c".repeat(100));
    }

    static Stream<String> invalidChannelNames() {
      return Stream.of(
          "",
          " ",
          "has space",
          "ünïcode",
          "two!bangs!here",
          "!leading.bang",
          "?leading.mark",
          "two?marks?here",
          "local!part?mark",
          "slash/ed",
          "colon:ed",
          "tab\there",
          "c".repeat(101));
    }

    static Stream<String> validGroupNames() {
      return Stream.of("chat_lobby", "g-1.x", "G".repeat(100));
    }

    static Stream<String> invalidGroupNames() {
      return Stream.of("", "has space", "bang!", "mark?", "chat/1", "é", "G".repeat(101));
    }

    @ParameterizedTest
    @MethodSource("validChannelNames")
    void acceptsValidChannelNames(String name) {
      await(layer.send(name, chat("valid")));
      assertThat(await(layer.receive(name))).isEqualTo(chat("valid"));
      await(layer.groupAdd("test_group", name));
      await(layer.groupDiscard("test_group", name));
    }

    @ParameterizedTest
    @MethodSource("invalidChannelNames")
    void refusesInvalidChannelNamesAtOnceWithTheRule(String name) {
      List<Runnable> calls =
          List.of(
              () -> layer.send(name, chat("x")),
              () -> layer.receive(name),
              () -> layer.groupAdd("test_group", name),
              () -> layer.groupDiscard("test_group", name));
      for (Runnable call : calls) {
        assertThatThrownBy(call::run)
            .isInstanceOf(InvalidNameException.class)
            .hasMessageStartingWith("Channel name")
            .hasMessageContaining(name.isEmpty() ? "empty" : name)
            .hasMessageContaining("ASCII letters, digits, hyphens, underscores or periods");
      }
    }

    @ParameterizedTest
    @MethodSource("validGroupNames")
    void acceptsValidGroupNames(String group) {
      await(layer.groupAdd(group, "test.member"));
      await(layer.groupSend(group, chat("valid")));
      await(layer.groupDiscard(group, "test.member"));

      assertThat(await(layer.receive("test.member"))).isEqualTo(chat("valid"));
    }

    @ParameterizedTest
    @MethodSource("invalidGroupNames")
    void refusesInvalidGroupNamesAtOnceWithTheRule(String group) {
      List<Runnable> calls =
          List.of(
              () -> layer.groupAdd(group, "test.member"),
              () -> layer.groupDiscard(group, "test.member"),
              () -> layer.groupSend(group, chat("x")));
      for (Runnable call : calls) {
        assertThatThrownBy(call::run)
            .isInstanceOf(InvalidNameException.class)
            .hasMessageStartingWith("Group name")
            .hasMessageContaining("group names are 1 to 100 ASCII letters");
      }
    }
  }

  @Nested
  class MessageTypes {

    static Stream<Arguments> allowedValues() {
      Map<String, Object> nested = new LinkedHashMap<>();
      nested.put("list", List.of(1L, "two", List.of(3.0)));
      nested.put("bytes", new byte[] {0, 1, (byte) 0xff});
      nested.put("null", null);
      return Stream.of(
          Arguments.of("a string", "Hello, world!", "Hello, world!"),
          Arguments.of("an empty string", "", ""),
          Arguments.of("a non-ASCII string", "héllo ✓ 🎉 안녕", "héllo ✓ 🎉 안녕"),
          Arguments.of("a long", Long.MAX_VALUE, Long.MAX_VALUE),
          Arguments.of("a negative long", Long.MIN_VALUE, Long.MIN_VALUE),
          Arguments.of("an int, read back as a long", 42, 42L),
          Arguments.of("a short, read back as a long", (short) -7, -7L),
          Arguments.of("a byte, read back as a long", (byte) 5, 5L),
          Arguments.of("a double", 3.14159, 3.14159),
          Arguments.of("a float, read back as a double", 1.5f, 1.5d),
          Arguments.of("NaN", Double.NaN, Double.NaN),
          Arguments.of("infinity", Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY),
          Arguments.of("true", true, true),
          Arguments.of("false", false, false),
          Arguments.of("null", null, null),
          Arguments.of("bytes", new byte[] {0, 1, 2, (byte) 0xff}, new byte[] {0, 1, 2, -1}),
          Arguments.of("empty bytes", new byte[0], new byte[0]),
          Arguments.of("a list", List.of(1, "a", true), List.of(1L, "a", true)),
          Arguments.of("an empty list", List.of(), List.of()),
          Arguments.of("a map", Map.of("k", 1), Map.of("k", 1L)),
          Arguments.of("an empty map", Map.of(), Map.of()),
          Arguments.of("nested values", nested, nested));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allowedValues")
    void everyAllowedTypeRoundTrips(String kind, Object value, Object expected) {
      Message sent = Message.builder("test.types").put("value", value).build();

      await(layer.send("test.types", sent));
      Message received = await(layer.receive("test.types"));

      assertThat(received).isEqualTo(sent);
      Object actual = received.get("value");
      assertThat(Values.deepEquals(actual, expected))
          .as("%s reads back as %s", Values.render(actual), Values.render(expected))
          .isTrue();
      if (expected != null) {
        assertThat(actual).isInstanceOf(kindOf(expected));
      }
    }

    private static Class<?> kindOf(Object expected) {
      return expected instanceof List
          ? List.class
          : expected instanceof Map ? Map.class : expected.getClass();
    }

    @Test
    void mapsKeepTheirOrder() {
      Map<String, Object> ordered = new LinkedHashMap<>();
      for (String key : List.of("zulu", "alpha", "mike", "bravo")) {
        ordered.put(key, key.length());
      }
      Message sent = Message.builder("test.order").putAll(ordered).build();

      await(layer.send("test.order", sent));

      assertThat(await(layer.receive("test.order")).asMap().keySet())
          .containsExactly("type", "zulu", "alpha", "mike", "bravo");
    }

    static Stream<Arguments> refusedValues() {
      Set<Integer> set = Set.of(1);
      return Stream.of(
          Arguments.of(Instant.EPOCH, "when", "java.time.Instant", "ISO-8601"),
          Arguments.of(set, "when", set.getClass().getName(), "to a List"),
          Arguments.of(new Object[] {1}, "when", "java.lang.Object[]", "to a List"),
          Arguments.of(new int[] {1}, "when", "int[]", "to a List"),
          Arguments.of('c', "when", "java.lang.Character", "toString()"),
          Arguments.of(
              new java.math.BigDecimal("1.5"), "when", "java.math.BigDecimal", "doubleValue()"),
          Arguments.of(
              new java.util.concurrent.atomic.AtomicLong(7),
              "when",
              "java.util.concurrent.atomic.AtomicLong",
              "longValue()"),
          Arguments.of(
              java.math.BigInteger.TWO.pow(64), "when", "java.math.BigInteger", "signed 64-bit"),
          Arguments.of(Thread.State.NEW, "when", "java.lang.Thread$State", "name()"),
          Arguments.of(new Object(), "when", "java.lang.Object", "Map<String, Object>"),
          Arguments.of(Map.of(1, "x"), "when", "java.lang.Integer", "map keys must be strings"),
          Arguments.of(
              List.of(Map.of("deep", List.of(1, Instant.EPOCH))),
              "when[0].deep[1]",
              "java.time.Instant",
              "ISO"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("refusedValues")
    void refusesEveryOtherTypeWithItsKeyPathAndClass(
        Object value, String path, String className, String hint) {
      assertThatThrownBy(() -> Message.builder("test.bad").put("when", value).build())
          .isInstanceOf(InvalidMessageException.class)
          .hasMessageContaining("'" + path + "'")
          .hasMessageContaining(className)
          .hasMessageContaining(hint);
    }

    @Test
    void refusesAStringWithALoneSurrogateWithItsKeyPath() {
      assertThatThrownBy(
              () -> Message.of("test.bad", "items", List.of("fine", "cut \uD83C in half")))
          .isInstanceOf(InvalidMessageException.class)
          .hasMessageContaining("'items[1]'")
          .hasMessageContaining("lone surrogate (U+D83C at index 4)");
    }

    @Test
    void aReceiverChangingAReceivedByteArrayChangesNothingForAnotherMember() {
      await(layer.groupAdd("test_group", "test.first"));
      await(layer.groupAdd("test_group", "test.second"));
      await(
          layer.groupSend(
              "test_group",
              Message.builder("test.bytes")
                  .put("data", new byte[] {1, 2, 3})
                  .put("items", List.of(new byte[] {1, 2, 3}))
                  .put("nested", Map.of("data", new byte[] {1, 2, 3}))
                  .build()));

      Message first = await(layer.receive("test.first"));
      first.get("data", byte[].class)[0] = 9;
      ((byte[]) first.asMap().get("data"))[1] = 9;
      ((byte[]) ((List<?>) first.get("items")).get(0))[0] = 9;
      ((byte[]) ((Map<?, ?>) first.asMap().get("nested")).get("data"))[0] = 9;
      Message second = await(layer.receive("test.second"));

      for (Message received : List.of(second, first)) {
        assertThat(received.get("data", byte[].class)).containsExactly(1, 2, 3);
        assertThat((byte[]) ((List<?>) received.get("items")).get(0)).containsExactly(1, 2, 3);
        assertThat((byte[]) ((Map<?, ?>) received.get("nested")).get("data"))
            .containsExactly(1, 2, 3);
      }
    }

    @Test
    void refusesAMessageWithoutAType() {
      assertThatThrownBy(() -> Message.of(Map.of("message", "hi")))
          .isInstanceOf(InvalidMessageException.class)
          .hasMessageContaining("needs a non-empty String 'type'");
    }

    @Test
    void refusesTheReservedRoutingKey() {
      assertThatThrownBy(() -> Message.of("test.x", "__asgi_channel__", "specific.a!b"))
          .isInstanceOf(InvalidMessageException.class)
          .hasMessageContaining("reserve");
    }
  }

  @Nested
  class SizeLimit {

    @Test
    void refusesAMessageOverTheLimitBeforeDeliveringIt() {
      ChannelLayer limited = layer(settings -> settings.maxMessageSize(1024));
      await(limited.groupAdd("test_group", "test.big"));
      Message big = chat("x".repeat(2000));

      assertThat(limited.send("test.big", big))
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableThat()
          .havingRootCause()
          .isInstanceOf(MessageTooLargeException.class)
          .withMessageContaining("max-message-size")
          .withMessageContaining("1024");
      assertThat(limited.groupSend("test_group", big))
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableThat()
          .havingRootCause()
          .isInstanceOf(MessageTooLargeException.class);
      await(limited.send("test.big", chat("small")));
      assertThat(await(limited.receive("test.big"))).isEqualTo(chat("small"));
    }

    @Test
    void acceptsAMessageExactlyAtTheLimit() {
      Message atLimit = chat("x".repeat(900));
      long size = MessagePackCodec.encodedSize(atLimit);
      ChannelLayer limited = layer(settings -> settings.maxMessageSize(size));

      await(limited.send("test.exact", atLimit));

      assertThat(await(limited.receive("test.exact"))).isEqualTo(atLimit);
    }

    @Test
    void carriesAMessageOfOneMegabyteByDefault() {
      Message large = Message.of("test.large", "data", new byte[1_000_000]);

      await(layer.send("test.large", large));

      assertThat(await(layer.receive("test.large"))).isEqualTo(large);
    }
  }

  @Nested
  class Concurrency {

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
                          i ->
                              roomy
                                  .blocking()
                                  .send("test.busy", numbered(sender * perSender + i))));
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
        joins.forEach(ChannelLayerContract::await);

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
        sends.forEach(ChannelLayerContract::await);

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
      sends.forEach(ChannelLayerContract::await);

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
      sends.forEach(ChannelLayerContract::await);

      Awaitility.await()
          .untilAsserted(
              () -> assertThat(small.stats().dropped(DropReason.CAPACITY)).isEqualTo(15));
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

  @Nested
  class Cancellation {

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

  @Nested
  class Lifecycle {

    @Test
    void providesTheGroupsAndFlushExtensions() {
      assertThat(layer.extensions()).containsExactlyInAnyOrder(Extension.GROUPS, Extension.FLUSH);
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
        ExecutorService receivers = Executors.newFixedThreadPool(2, ChannelLayerContract::daemon);
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
}
