package dev.channels.spring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health of one layer as its backend sees it, shown at {@code /actuator/health/channels}.
 *
 * @param status up, down, or unknown
 * @param details what the backend adds, such as its addresses or why it is down; no credentials
 */
public record BackendHealth(Status status, Map<String, Object> details) {

  /** Whether the layer can reach its backend. */
  public enum Status {
    /** The layer works. */
    UP,
    /** The layer cannot reach its backend now. */
    DOWN,
    /** The backend cannot tell. */
    UNKNOWN
  }

  /** Copies the details, keeping their order. */
  public BackendHealth {
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** Up, with {@code details}. */
  public static BackendHealth up(Map<String, Object> details) {
    return new BackendHealth(Status.UP, details);
  }

  /** Down, with {@code details} that say why. */
  public static BackendHealth down(Map<String, Object> details) {
    return new BackendHealth(Status.DOWN, details);
  }

  /** Unknown, without details. */
  public static BackendHealth unknown() {
    return new BackendHealth(Status.UNKNOWN, Map.of());
  }
}
