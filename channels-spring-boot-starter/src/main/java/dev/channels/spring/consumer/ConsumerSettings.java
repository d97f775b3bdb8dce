package dev.channels.spring.consumer;

import java.time.Duration;
import java.util.List;

/**
 * How consumers treat their sessions: the auto-configuration reads them from {@code
 * channels.consumer.*} and {@code channels.websocket.*}.
 *
 * @param unhandledType what to do with a channel message whose type no handler takes
 * @param handlerError what to do when a handler throws
 * @param sendTimeLimit longest a frame may take to reach a client before it is closed with 4500
 * @param sendBufferSizeLimit most bytes queued for one client before it is closed with 4500
 * @param allowedOrigins origins allowed to connect; empty for the same origin only
 * @param allowedOriginPatterns origin patterns allowed to connect
 * @param maxTextMessageSize most characters in one text message from a client; more closes the
 *     session with 1009
 * @param maxBinaryMessageSize most bytes in one binary message from a client; more closes the
 *     session with 1009
 * @param maxQueuedMessages most messages from a client waiting for their handler; one more closes
 *     the session with 1008
 */
public record ConsumerSettings(
    Action unhandledType,
    Action handlerError,
    Duration sendTimeLimit,
    long sendBufferSizeLimit,
    List<String> allowedOrigins,
    List<String> allowedOriginPatterns,
    int maxTextMessageSize,
    int maxBinaryMessageSize,
    int maxQueuedMessages) {

  /** What a consumer does about a message it cannot handle or a handler that failed. */
  public enum Action {
    /** Log at WARN (unhandled type) or ERROR (handler failure) and keep the session open. */
    LOG,
    /** Log, then close the session with 1011 (server error). */
    CLOSE
  }

  /** Copies the lists; checks the limits. */
  public ConsumerSettings {
    if (maxQueuedMessages < 1) {
      throw new IllegalArgumentException(
          "maxQueuedMessages must be at least 1, but was " + maxQueuedMessages);
    }
    allowedOrigins = List.copyOf(allowedOrigins);
    allowedOriginPatterns = List.copyOf(allowedOriginPatterns);
  }
}
