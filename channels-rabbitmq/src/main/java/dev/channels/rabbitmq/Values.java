package dev.channels.rabbitmq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Typed reads of decoded MessagePack values in a census reply; anything else is malformed. */
final class Values {

  private Values() {}

  /** A list of strings. */
  static List<String> names(@Nullable Object value) {
    if (!(value instanceof List<?> list)) {
      throw Wire.malformed("a census reply's names must be a list");
    }
    List<String> names = new ArrayList<>(list.size());
    for (Object element : list) {
      if (!(element instanceof String name)) {
        throw Wire.malformed("a census reply's names must be strings");
      }
      names.add(name);
    }
    return names;
  }

  /** A map of strings to integers. */
  static Map<String, Long> counts(@Nullable Object value) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map(value).entrySet()) {
      if (!(entry.getValue() instanceof Long count)) {
        throw Wire.malformed("a census reply's counts must be integers");
      }
      counts.put((String) entry.getKey(), count);
    }
    return counts;
  }

  /** A map of strings to lists of strings. */
  static Map<String, List<String>> groups(@Nullable Object value) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map(value).entrySet()) {
      groups.put((String) entry.getKey(), names(entry.getValue()));
    }
    return groups;
  }

  private static Map<?, ?> map(@Nullable Object value) {
    if (value instanceof Map<?, ?> map) {
      return map;
    }
    throw Wire.malformed("a census reply's tables must be maps");
  }
}
