package dev.channels;

import dev.channels.internal.DecodedMessages;
import dev.channels.internal.ReadOnlyValues;
import dev.channels.internal.Values;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An immutable message: a map of string keys to MessagePack values, with a string {@code type} that
 * selects the consumer's handler ({@code "chat.message"} calls the {@code chat.message} handler).
 *
 * <p>Values are limited to what MessagePack carries: {@link String}, integers (read back as {@link
 * Long}), floating point numbers (read back as {@link Double}), {@link Boolean}, {@code null},
 * {@code byte[]}, {@link java.util.List} and {@link Map} with string keys, nested freely. Anything
 * else is refused when the message is built, with the key path of the offending value, and so is a
 * string with a lone surrogate, which UTF-8 cannot carry. Maps keep their order.
 *
 * <p>One message may reach many receivers (a group send hands the same instance to every member),
 * so nothing it returns can change it: maps and lists are unmodifiable, and byte arrays, at any
 * depth, are copied in when it is built and copied out each time they are read.
 *
 * <pre>{@code
 * Message message = Message.of("chat.message", "message", "Hello, world!");
 * }</pre>
 */
public final class Message {

  /** The key that holds the message type. */
  public static final String TYPE = "type";

  /** The key Django Channels reserves to route process-local messages; messages may not use it. */
  public static final String RESERVED_CHANNEL_KEY = "__asgi_channel__";

  static {
    DecodedMessages.register(fields -> new Message(requireType(fields.get(TYPE)), fields));
  }

  private final Map<String, @Nullable Object> fields;
  private final Map<String, @Nullable Object> view;
  private final String type;

  private Message(String type, Map<String, @Nullable Object> fields) {
    this.type = type;
    if (fields.containsKey(RESERVED_CHANNEL_KEY)) {
      throw new InvalidMessageException(
          "Message of type '%s' uses the key '%s', which channel layers reserve for routing to process-local channels. Rename that field."
              .formatted(type, RESERVED_CHANNEL_KEY));
    }
    this.fields = fields;
    this.view = ReadOnlyValues.ofFields(fields);
  }

  /** A message with only a type. */
  public static Message of(String type) {
    return builder(type).build();
  }

  /** A message with a type and one field. */
  public static Message of(String type, String key, @Nullable Object value) {
    return builder(type).put(key, value).build();
  }

  /** A message with a type and two fields. */
  public static Message of(
      String type, String key1, @Nullable Object value1, String key2, @Nullable Object value2) {
    return builder(type).put(key1, value1).put(key2, value2).build();
  }

  /**
   * A message from a map that holds a string {@code type} among its fields; the map is copied.
   *
   * @throws InvalidMessageException if the type is missing or a value is not a MessagePack type
   */
  public static Message of(Map<String, ?> fields) {
    return create(fields);
  }

  /** A builder for a message of the given type. */
  public static Builder builder(String type) {
    return new Builder(type);
  }

  /** The message type, such as {@code chat.message}. */
  public String type() {
    return type;
  }

  /**
   * The value of {@code key}, or {@code null} if it is absent or null. A byte array is a copy; a
   * map or list is unmodifiable.
   */
  public @Nullable Object get(String key) {
    return ReadOnlyValues.of(fields.get(key));
  }

  /**
   * The value of {@code key} as {@code type}, or {@code null} if absent or null.
   *
   * @throws InvalidMessageException if the value is of another type
   */
  public <T> @Nullable T get(String key, Class<T> type) {
    Object value = get(key);
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
    }
    throw new InvalidMessageException(
        "Field '%s' of message type '%s' is %s, not %s. Integers in messages are Longs and floating point numbers Doubles."
            .formatted(key, this.type, Values.describe(fields.get(key)), type.getName()));
  }

  /** Whether the message has a field named {@code key}. */
  public boolean has(String key) {
    return fields.containsKey(key);
  }

  /**
   * All fields, {@code type} included, as an unmodifiable map in insertion order. Nested maps and
   * lists are unmodifiable too, and byte arrays read from it are copies.
   */
  public Map<String, @Nullable Object> asMap() {
    return view;
  }

  /** A copy of this message with {@code key} set to {@code value}. */
  public Message with(String key, @Nullable Object value) {
    LinkedHashMap<String, @Nullable Object> copy = new LinkedHashMap<>(fields);
    copy.put(key, value);
    return of(copy);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Message message && Values.deepEquals(fields, message.fields);
  }

  @Override
  public int hashCode() {
    return Values.deepHashCode(fields);
  }

  @Override
  public String toString() {
    return "Message" + Values.render(fields);
  }

  // The type is checked before normalization, so the error names the class the caller passed.
  private static Message create(Map<?, ?> fields) {
    String type = requireType(fields.get(TYPE));
    return new Message(type, normalize(fields));
  }

  private static Map<String, @Nullable Object> normalize(Map<?, ?> fields) {
    try {
      return Values.normalizeFields(fields);
    } catch (Values.BadValue e) {
      throw invalid(e);
    }
  }

  private static InvalidMessageException invalid(Values.BadValue e) {
    String where =
        e.path().isEmpty()
            ? "Message's top-level map"
            : "Message value at '%s'".formatted(e.path());
    return new InvalidMessageException(where + " " + e.problem());
  }

  private static String requireType(@Nullable Object type) {
    if (type instanceof String text && !text.isEmpty()) {
      return text;
    }
    String found =
        type == null
            ? "no 'type'"
            : "".equals(type) ? "an empty 'type'" : "a 'type' that is " + Values.describe(type);
    throw new InvalidMessageException(
        "Message has %s. Every message needs a non-empty String 'type', such as \"chat.message\"; consumers pick the handler by it."
            .formatted(found));
  }

  /** Builds a {@link Message} field by field, in order. */
  public static final class Builder {

    private LinkedHashMap<String, @Nullable Object> fields = new LinkedHashMap<>();
    // Set once build() handed the map to a message: the next change works on a copy.
    private boolean built;

    private Builder(String type) {
      fields.put(TYPE, type);
    }

    /** Sets {@code key} to {@code value}; the value is checked when {@link #build()} runs. */
    public Builder put(String key, @Nullable Object value) {
      editable().put(key, value);
      return this;
    }

    /** Sets every entry of {@code values}, in their order. */
    public Builder putAll(Map<String, ?> values) {
      editable().putAll(values);
      return this;
    }

    /**
     * The message.
     *
     * @throws InvalidMessageException naming the key path of a value that is not allowed
     */
    public Message build() {
      if (built) {
        return create(fields);
      }
      String type = requireType(fields.get(TYPE));
      try {
        Values.normalizeFieldsInPlace(fields);
      } catch (Values.BadValue e) {
        throw invalid(e);
      }
      Message message = new Message(type, fields);
      built = true;
      return message;
    }

    private LinkedHashMap<String, @Nullable Object> editable() {
      if (built) {
        fields = new LinkedHashMap<>(fields);
        built = false;
      }
      return fields;
    }
  }
}
