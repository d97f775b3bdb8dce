package dev.channels.test.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.InvalidMessageException;
import dev.channels.Message;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Message values: every MessagePack type round-trips, anything else is refused with its key path.
 */
public abstract class MessageTypesContract extends LayerContractSupport {

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
    // Messages compare their values deeply, byte arrays by content.
    assertThat(Message.of("test.types", "value", actual))
        .as("the value read back")
        .isEqualTo(Message.of("test.types", "value", expected));
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
    assertThatThrownBy(() -> Message.of("test.bad", "items", List.of("fine", "cut \uD83C in half")))
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
