package dev.channels.spring.consumer;

import dev.channels.Message;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JavaType;

/**
 * Binds a channel message into one handler parameter's type, once per message: a group message
 * reaches every local member as the same {@link Message} object, and binding it with Jackson for
 * each of them cost more than everything else a member's delivery does. Only values nobody can
 * change are shared this way, records whose components are strings, numbers, booleans, enums,
 * times, UUIDs or such records again; any other type is bound for each handler call, as before.
 */
final class BoundMessages {

  private static final Set<Class<?>> VALUES =
      Set.of(
          String.class,
          Boolean.class,
          Character.class,
          Byte.class,
          Short.class,
          Integer.class,
          Long.class,
          Float.class,
          Double.class,
          BigInteger.class,
          BigDecimal.class,
          UUID.class);

  private final JsonBinder json;
  private final JavaType type;
  private final boolean shareable;
  // The last message bound and what it became; replaced whole, so a reader sees a matching pair.
  private volatile @Nullable Bound last;

  private record Bound(Message message, @Nullable Object value) {}

  BoundMessages(JsonBinder json, JavaType type) {
    this.json = json;
    this.type = type;
    this.shareable = isImmutable(type.getRawClass());
  }

  @Nullable Object bind(@Nullable Message message) {
    if (!shareable || message == null) {
      return json.fromMessage(message, type);
    }
    Bound seen = last;
    if (seen != null && seen.message() == message) {
      return seen.value();
    }
    Object value = json.fromMessage(message, type);
    last = new Bound(message, value);
    return value;
  }

  static boolean isImmutable(Class<?> type) {
    if (type.isPrimitive() || type.isEnum() || VALUES.contains(type)) {
      return true;
    }
    if (TemporalAccessor.class.isAssignableFrom(type) && type.getName().startsWith("java.time.")) {
      return true;
    }
    if (!type.isRecord()) {
      return false;
    }
    for (RecordComponent component : type.getRecordComponents()) {
      if (component.getType() == type || !isImmutable(component.getType())) {
        return false;
      }
    }
    return true;
  }
}
