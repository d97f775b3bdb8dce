package dev.channels.test.websocket;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** JSON for the client's frames, with Jackson; loaded only when a test sends or reads JSON. */
final class Json {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  static Map<String, Object> readObject(String text) {
    try {
      return MAPPER.readValue(text, new TypeReference<Map<String, Object>>() {});
    } catch (JacksonException e) {
      throw new AssertionError("Expected a JSON object, but got: " + text, e);
    }
  }

  static <T> T read(String text, Class<T> type) {
    try {
      return MAPPER.readValue(text, type);
    } catch (JacksonException e) {
      throw new AssertionError(
          "Expected JSON for a %s, but got: %s".formatted(type.getSimpleName(), text), e);
    }
  }
}
