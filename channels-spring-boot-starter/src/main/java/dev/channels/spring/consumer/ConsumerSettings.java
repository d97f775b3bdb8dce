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
 * @param maxQueuedMessages messages from a client waiting for their handler at which the server
 *     stops reading from that client until half have been handled
 * @param maxQueuedBytes the same, counted in the messages' size (characters of text, bytes of
 *     binary)
 * @param inboundStallTimeout how long a client's queued messages may wait, none of them taken by
 *     its handler, before the session is closed with 1008
 * @param channelBacklog most channel messages a session takes ahead of its handlers
 * @param pingInterval how long a client may be silent before the server pings it; zero turns pings
 *     off
 * @param pingTimeout how long a ping may go unanswered, the client silent, before the session is
 *     closed with 4500
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
    int maxQueuedMessages,
    long maxQueuedBytes,
    Duration inboundStallTimeout,
    int channelBacklog,
    Duration pingInterval,
    Duration pingTimeout) {

  /** What a consumer does about a message it cannot handle or a handler that failed. */
  public enum Action {
    /** Log at WARN (unhandled type) or ERROR (handler failure) and keep the session open. */
    LOG,
    /** Log, then close the session with 1011 (server error). */
    CLOSE
  }

  /** Copies the lists; checks the limits. */
  public ConsumerSettings {
    atLeastOne("maxQueuedMessages", maxQueuedMessages);
    atLeastOne("maxQueuedBytes", maxQueuedBytes);
    atLeastOne("channelBacklog", channelBacklog);
    positive("inboundStallTimeout", inboundStallTimeout);
    positive("pingTimeout", pingTimeout);
    if (pingInterval.isNegative()) {
      throw new IllegalArgumentException("pingInterval must not be negative: " + pingInterval);
    }
    allowedOrigins = List.copyOf(allowedOrigins);
    allowedOriginPatterns = List.copyOf(allowedOriginPatterns);
  }

  private static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, but was " + value);
    }
  }

  private static void atLeastOne(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, but was " + value);
    }
  }
}
