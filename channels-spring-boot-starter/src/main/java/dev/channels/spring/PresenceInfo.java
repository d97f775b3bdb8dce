package dev.channels.spring;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Who a connection is in its groups' presence: the key its connections are listed under (a user id)
 * and the data others see of it (a display name), MessagePack values of at most 4 KiB; see {@link
 * PresenceKey}.
 *
 * @param key the presence key
 * @param data what others see of this connection
 */
public record PresenceInfo(String key, Map<String, @Nullable Object> data) {

  /** Copies the data, so the value does not change afterwards. */
  public PresenceInfo {
    data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
  }

  /** A key with data. */
  public static PresenceInfo of(String key, Map<String, ?> data) {
    return new PresenceInfo(key, new java.util.LinkedHashMap<>(data));
  }

  /** A key without data. */
  public static PresenceInfo of(String key) {
    return new PresenceInfo(key, Map.of());
  }
}
