package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageTest {

  @Test
  void aMessageHasTheTypeItWasBuiltWith() {
    Message message = Message.of("chat.message", "message", "hi");

    assertThat(message.type()).isEqualTo("chat.message");
    assertThat(message.get("message")).isEqualTo("hi");
    assertThat(message.asMap())
        .containsExactly(Map.entry("type", "chat.message"), Map.entry("message", "hi"));
  }

  @Test
  void laterChangesToTheSourceDoNotReachTheMessage() {
    List<Object> items = new ArrayList<>(List.of(1));
    byte[] bytes = {1, 2};
    Map<String, Object> fields = new LinkedHashMap<>(Map.of("type", "t", "items", items));
    fields.put("bytes", bytes);
    Message message = Message.of(fields);

    items.add(2);
    bytes[0] = 9;
    fields.put("extra", true);

    assertThat(message.get("items")).isEqualTo(List.of(1L));
    assertThat(message.get("bytes", byte[].class)).containsExactly(1, 2);
    assertThat(message.has("extra")).isFalse();
  }

  @Test
  void itsMapsAndListsCannotBeModified() {
    Message message = Message.of("t", "items", List.of(1));

    assertThatThrownBy(() -> message.asMap().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<?>) message.get("items")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nestedMapsAndListsCannotBeModifiedEither() {
    Message message =
        Message.of("t", "nested", Map.of("items", new ArrayList<>(List.of(1)), "k", "v"));
    Map<?, ?> nested = (Map<?, ?>) message.asMap().get("nested");

    assertThatThrownBy(() -> nested.clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<?>) nested.get("items")).remove(0))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> nested.entrySet().iterator().remove())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aByteArrayReadFromAMessageIsACopyAtAnyDepth() {
    Message message =
        Message.builder("t")
            .put("bytes", new byte[] {1, 2})
            .put("list", List.of(new byte[] {1, 2}))
            .put("map", Map.of("bytes", new byte[] {1, 2}))
            .build();

    message.get("bytes", byte[].class)[0] = 9;
    ((byte[]) message.get("bytes"))[0] = 9;
    ((byte[]) message.asMap().get("bytes"))[0] = 9;
    message.asMap().entrySet().forEach(field -> scribbleOn(field.getValue()));
    ((byte[]) ((List<?>) message.get("list")).get(0))[0] = 9;
    ((byte[]) ((Map<?, ?>) message.get("map")).get("bytes"))[0] = 9;

    assertThat(message)
        .isEqualTo(
            Message.builder("t")
                .put("bytes", new byte[] {1, 2})
                .put("list", List.of(new byte[] {1, 2}))
                .put("map", Map.of("bytes", new byte[] {1, 2}))
                .build());
  }

  @Test
  void aMessageBuiltFromAnotherMessagesValuesIsEqualToIt() {
    Message original = Message.of("t", "nested", Map.of("list", List.of(1, new byte[] {3})));

    Message copy = Message.of(original.asMap());

    assertThat(copy).isEqualTo(original);
  }

  @Test
  void withReturnsACopyWithOneMoreField() {
    Message original = Message.of("t", "a", 1);

    Message changed = original.with("b", 2);

    assertThat(changed.asMap()).containsOnlyKeys("type", "a", "b");
    assertThat(original.has("b")).isFalse();
  }

  @Test
  void typedGetNamesTheActualTypeWhenItDiffers() {
    Message message = Message.of("chat.message", "count", 3);

    assertThat(message.get("count", Long.class)).isEqualTo(3L);
    assertThat(message.get("missing", String.class)).isNull();
    assertThatThrownBy(() -> message.get("count", Integer.class))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageContaining("Field 'count' of message type 'chat.message' is a java.lang.Long")
        .hasMessageContaining("Integers in messages are Longs");
  }

  @Test
  void messagesWithEqualBytesAreEqual() {
    Message one = Message.of("t", "b", new byte[] {1, 2});
    Message two = Message.of("t", "b", new byte[] {1, 2});

    assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
    assertThat(one).isNotEqualTo(Message.of("t", "b", new byte[] {1, 3}));
  }

  @Test
  void toStringShowsFieldsAndByteLengths() {
    assertThat(Message.of("t", "b", new byte[3])).hasToString("Message{type=t, b=bytes[3]}");
  }

  @Test
  void theTypeMustBeANonEmptyString() {
    assertThatThrownBy(() -> Message.of(""))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageStartingWith("Message has an empty 'type'.");
    assertThatThrownBy(() -> Message.of(Map.of("type", 7)))
        .hasMessageContaining("a 'type' that is a java.lang.Integer");
  }

  @Test
  void aKeyThatIsNotAStringIsNamedWhereverItIs() {
    Map<Object, Object> fields = new LinkedHashMap<>();
    fields.put("type", "t");
    fields.put(7, "seven");

    assertThatThrownBy(() -> Message.of(Map.of("type", "t", "inner", Map.of(7, "seven"))))
        .hasMessageStartingWith("Message value at 'inner' has the key 7 (a java.lang.Integer)");
    assertThatThrownBy(() -> Message.builder("t").putAll(castKeys(fields)).build())
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageStartingWith("Message's top-level map has the key 7 (a java.lang.Integer)")
        .hasMessageContaining("String.valueOf(key)");
  }

  @Test
  void aStringWithALoneSurrogateIsRefusedWithItsKeyPath() {
    assertThatThrownBy(() -> Message.of("t", "text", "ab\uDC00"))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageStartingWith("Message value at 'text' is a String")
        .hasMessageContaining("lone surrogate (U+DC00 at index 2)")
        .hasMessageContaining("Python's msgpack refuses it");
    assertThatThrownBy(() -> Message.of("t", "map", Map.of("k\uD800", 1)))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageStartingWith("Message value at 'map' has the key \"k\\uD800\"");
    assertThat(Message.of("t", "emoji", "\uD83C\uDF89").get("emoji")).isEqualTo("🎉");
  }

  @Test
  void aMapThatContainsItselfIsRefusedNotOverflowed() {
    Map<String, Object> loop = new LinkedHashMap<>();
    loop.put("self", loop);

    assertThatThrownBy(() -> Message.of("t", "loop", loop))
        .isInstanceOf(InvalidMessageException.class)
        .hasMessageContaining("does a map or list contain itself?");
  }

  private static void scribbleOn(Object value) {
    if (value instanceof byte[] bytes) {
      bytes[0] = 9;
    }
  }

  // The builder takes String keys; a caller with raw types can still hand it others.
  @SuppressWarnings("unchecked")
  private static Map<String, ?> castKeys(Map<?, ?> fields) {
    return (Map<String, ?>) fields;
  }
}
