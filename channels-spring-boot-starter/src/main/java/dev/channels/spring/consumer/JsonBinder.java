package dev.channels.spring.consumer;

import dev.channels.Message;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.json.JsonMapper;

/** Jackson at the consumer's edges: frames to and from JSON, message fields into objects. */
final class JsonBinder {

  private final JsonMapper mapper;
  private volatile @Nullable Written last;

  private record Written(Object value, String json) {}

  JsonBinder(JsonMapper mapper) {
    this.mapper = mapper;
  }

  JavaType typeOf(MethodParameter parameter) {
    return mapper.constructType(parameter.getGenericParameterType());
  }

  /**
   * {@code type}, if Jackson can make it at all; checked at startup, so that a handler parameter no
   * message or frame could ever be bound to (an interface, a class without a usable constructor)
   * stops the application rather than failing on the first message.
   *
   * @throws ConsumerDefinitionException naming the handler, the type and what Jackson said
   */
  JavaType requireBindable(JavaType type, String handler, String from) {
    try {
      mapper.convertValue(Map.of(), type);
    } catch (InvalidDefinitionException e) {
      throw new ConsumerDefinitionException(
          "%s takes %s, which Jackson cannot make from %s: %s"
              .formatted(handler, type.getRawClass().getSimpleName(), from, e.getOriginalMessage()),
          "Take a record or a class Jackson can construct (a public constructor, or @JsonCreator), or take %s itself."
              .formatted(from.startsWith("a channel") ? "the Message" : "the text as a String"));
    } catch (JacksonException | IllegalArgumentException e) {
      // A problem with the empty input only (a missing required field): real messages may fit.
    }
    return type;
  }

  /** The fields of {@code message} bound into {@code type}; the {@code type} field included. */
  @Nullable Object fromMessage(@Nullable Message message, JavaType type) {
    if (message == null) {
      return null;
    }
    try {
      return mapper.convertValue(message.asMap(), type);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new UnboundMessageException(
          "Message of type '%s' does not fit %s: %s"
              .formatted(message.type(), type.getRawClass().getSimpleName(), e.getMessage()),
          e);
    }
  }

  /** The JSON of a text frame read as {@code type}. */
  @Nullable Object fromText(@Nullable String text, JavaType type) {
    if (text == null) {
      return null;
    }
    try {
      return mapper.readValue(text, type);
    } catch (JacksonException e) {
      throw new InvalidFrameException(
          "Text frame is not JSON for %s: %s"
              .formatted(type.getRawClass().getSimpleName(), e.getOriginalMessage()),
          e);
    }
  }

  /**
   * The JSON of {@code value}. A room's members usually each send their client an equal value for
   * one group message, so the last one written is kept, and an equal map, list, string or immutable
   * record (whose equality is its content) reuses its JSON instead of writing it again.
   */
  String toJson(Object value) {
    Written seen = last;
    if (seen != null && seen.value().getClass() == value.getClass() && seen.value().equals(value)) {
      return seen.json();
    }
    String json = mapper.writeValueAsString(value);
    if (value instanceof Map
        || value instanceof List
        || value instanceof String
        || BoundMessages.isImmutable(value.getClass())) {
      last = new Written(value, json);
    }
    return json;
  }

  /** A message's fields do not bind into a handler's parameter type. */
  static final class UnboundMessageException extends RuntimeException {
    UnboundMessageException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A client's frame cannot be read as the handler asks; the client is told with 1007. */
  static final class InvalidFrameException extends RuntimeException {
    InvalidFrameException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
