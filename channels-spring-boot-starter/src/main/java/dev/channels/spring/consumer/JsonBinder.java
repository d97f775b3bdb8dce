package dev.channels.spring.consumer;

import dev.channels.Message;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/** Jackson at the consumer's edges: frames to and from JSON, message fields into objects. */
final class JsonBinder {

  private final JsonMapper mapper;

  JsonBinder(JsonMapper mapper) {
    this.mapper = mapper;
  }

  JavaType typeOf(MethodParameter parameter) {
    return mapper.constructType(parameter.getGenericParameterType());
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

  String toJson(Object value) {
    return mapper.writeValueAsString(value);
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
