package dev.channels.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The message value model: what may go into a message, in the normalized form every backend
 * returns. Integers become {@link Long}, floats {@link Double}; lists and maps become copies (maps
 * keep their order), owned by the message and never handed out but through read-only views, so they
 * need no unmodifiable wrappers of their own; byte arrays are copied; strings must be well-formed
 * UTF-16 (no lone surrogates), since UTF-8 cannot carry them. A message hands these out only
 * through {@link ReadOnlyValues}.
 */
public final class Values {

  /** Deeper nesting than this is refused; it is almost always a structure that contains itself. */
  public static final int MAX_DEPTH = 256;

  private Values() {}

  /**
   * Returns the normalized, unmodifiable form of {@code value}.
   *
   * @throws BadValue naming the key path of the first value that is not allowed
   */
  public static @Nullable Object normalize(@Nullable Object value) {
    return normalize(value, 0);
  }

  /** Normalizes a whole map of message fields, keeping its order. */
  public static Map<String, @Nullable Object> normalizeFields(Map<?, ?> fields) {
    return normalizeMap(fields, 0);
  }

  /**
   * Normalizes the values of {@code fields} where they are, keeping its order: for a map that is
   * the caller's own and about to become a message's, which saves copying it.
   *
   * @throws BadValue naming the key path of the first value that is not allowed
   */
  public static Map<String, @Nullable Object> normalizeFieldsInPlace(
      LinkedHashMap<String, @Nullable Object> fields) {
    for (Map.Entry<String, @Nullable Object> entry : fields.entrySet()) {
      Object key = entry.getKey();
      String name = checkKey(key);
      try {
        entry.setValue(normalize(entry.getValue(), 0));
      } catch (BadValue e) {
        throw e.under(name);
      }
    }
    return fields;
  }

  private static @Nullable Object normalize(@Nullable Object value, int depth) {
    if (value instanceof String text) {
      return requireWellFormed(text);
    }
    if (value == null
        || value instanceof Long
        || value instanceof Double
        || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof byte[] bytes) {
      return bytes.clone();
    }
    if (value instanceof BigInteger big && big.bitLength() < 64) {
      return big.longValue();
    }
    if (depth >= MAX_DEPTH) {
      throw new BadValue(
          "is nested more than %d levels deep; does a map or list contain itself?"
              .formatted(MAX_DEPTH));
    }
    if (value instanceof Map<?, ?> map) {
      return normalizeMap(map, depth + 1);
    }
    if (value instanceof List<?> list) {
      return normalizeList(list, depth + 1);
    }
    throw new BadValue(unsupported(value));
  }

  private static Map<String, @Nullable Object> normalizeMap(Map<?, ?> map, int depth) {
    LinkedHashMap<String, @Nullable Object> copy = new LinkedHashMap<>(map.size() * 4 / 3 + 1);
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = checkKey(entry.getKey());
      try {
        copy.put(key, normalize(entry.getValue(), depth));
      } catch (BadValue e) {
        throw e.under(key);
      }
    }
    return copy;
  }

  private static String checkKey(@Nullable Object candidate) {
    if (!(candidate instanceof String key)) {
      throw new BadValue(
          "has the key %s (%s), but map keys must be strings; convert it with String.valueOf(key)"
              .formatted(candidate, describe(candidate)));
    }
    int lone = LoneSurrogates.indexIn(key);
    if (lone >= 0) {
      throw new BadValue(
          "has the key \"%s\", %s"
              .formatted(LoneSurrogates.escaped(key), LoneSurrogates.problem(key, lone)));
    }
    return key;
  }

  private static List<@Nullable Object> normalizeList(List<?> list, int depth) {
    List<@Nullable Object> copy = new ArrayList<>(list.size());
    int index = 0;
    for (Object element : list) {
      try {
        copy.add(normalize(element, depth));
      } catch (BadValue e) {
        throw e.under(index);
      }
      index++;
    }
    return copy;
  }

  private static String requireWellFormed(String text) {
    int lone = LoneSurrogates.indexIn(text);
    if (lone >= 0) {
      throw new BadValue("is a String " + LoneSurrogates.problem(text, lone));
    }
    return text;
  }

  private static String unsupported(Object value) {
    return "is %s, which is not a MessagePack type. Messages hold only String, long (or int, short, byte), double (or float), boolean, null, byte[], List and Map with String keys; %s"
        .formatted(describe(value), conversionHint(value));
  }

  private static String conversionHint(Object value) {
    if (value instanceof BigInteger) {
      return "integers must fit a signed 64-bit long, so send a larger one as a String.";
    }
    if (value instanceof AtomicInteger
        || value instanceof AtomicLong
        || value instanceof LongAdder
        || value instanceof LongAccumulator) {
      return "convert it with longValue().";
    }
    if (value instanceof BigDecimal
        || value instanceof DoubleAdder
        || value instanceof DoubleAccumulator) {
      return "convert it with doubleValue(), or to a String to keep every digit.";
    }
    if (value instanceof Number) {
      return "convert it with longValue() if it holds whole numbers, else with doubleValue().";
    }
    if (value instanceof CharSequence || value instanceof Character) {
      return "convert it with toString().";
    }
    if (value instanceof Enum<?>) {
      return "send its name().";
    }
    if (value instanceof java.time.temporal.TemporalAccessor || value instanceof java.util.Date) {
      return "send it as an ISO-8601 String (toString()) or as epoch milliseconds (a long).";
    }
    if (value instanceof Collection<?>) {
      return "convert it to a List, for example new ArrayList<>(collection).";
    }
    if (value.getClass().isArray()) {
      return "convert it to a List, for example Arrays.asList(array) or List.of(...).";
    }
    if (value instanceof java.nio.ByteBuffer) {
      return "copy its bytes into a byte[].";
    }
    return "convert it first, for example to a Map<String, Object> (Jackson's ObjectMapper.convertValue(value, Map.class) does that) or to a String.";
  }

  /** A short description of a value's class for error messages. */
  public static String describe(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    Class<?> type = value.getClass();
    return "a " + (type.isArray() ? type.getComponentType().getName() + "[]" : type.getName());
  }

  /** Equality that compares byte arrays by content, at any depth. */
  public static boolean deepEquals(@Nullable Object a, @Nullable Object b) {
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> entry : x.entrySet()) {
        if (!y.containsKey(entry.getKey())
            || !deepEquals(entry.getValue(), y.get(entry.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!deepEquals(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a == null ? b == null : a.equals(b);
  }

  /** A hash code consistent with {@link #deepEquals}. */
  public static int deepHashCode(@Nullable Object value) {
    if (value instanceof byte[] bytes) {
      return Arrays.hashCode(bytes);
    }
    if (value instanceof Map<?, ?> map) {
      int hash = 0;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        hash += entry.getKey().hashCode() ^ deepHashCode(entry.getValue());
      }
      return hash;
    }
    if (value instanceof List<?> list) {
      int hash = 1;
      for (Object element : list) {
        hash = 31 * hash + deepHashCode(element);
      }
      return hash;
    }
    return value == null ? 0 : value.hashCode();
  }

  /** A readable rendering that shows byte arrays by length rather than by identity. */
  public static String render(@Nullable Object value) {
    if (value instanceof byte[] bytes) {
      return "bytes[" + bytes.length + "]";
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder("{");
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.append(out.length() > 1 ? ", " : "").append(entry.getKey()).append('=');
        out.append(render(entry.getValue()));
      }
      return out.append('}').toString();
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("[");
      for (Object element : list) {
        out.append(out.length() > 1 ? ", " : "").append(render(element));
      }
      return out.append(']').toString();
    }
    return String.valueOf(value);
  }

  /**
   * A value that is not allowed, found during normalization. It collects the key path as it
   * unwinds, so building the path costs nothing unless a value is refused.
   */
  public static final class BadValue extends RuntimeException {

    private String path = "";

    BadValue(String problem) {
      super(problem, null, false, false);
    }

    BadValue under(String key) {
      return prepend(key);
    }

    BadValue under(int index) {
      return prepend("[" + index + "]");
    }

    private BadValue prepend(String segment) {
      path = segment + (path.isEmpty() || path.startsWith("[") ? "" : ".") + path;
      return this;
    }

    /** The key path of the refused value, such as {@code items[2].when}. */
    public String path() {
      return path;
    }

    /** What is wrong with the value and how to fix it. */
    public String problem() {
      return getMessage();
    }
  }
}
