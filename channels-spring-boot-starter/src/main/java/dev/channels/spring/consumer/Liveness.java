package dev.channels.spring.consumer;

import java.nio.ByteBuffer;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;

/**
 * Whether a client is still there, as Daphne checks it: a session that has heard nothing from its
 * client for {@code ping-interval} sends a ping, and one whose ping has not been answered, nor
 * anything else heard, within {@code ping-timeout} is closed as not reliable (4500). A client that
 * vanished without a close (a frozen laptop, a dropped mobile link) would otherwise keep its
 * session, its memberships and its buffers in a quiet room for good. While the server itself has
 * paused reading from the client (back-pressure), nothing it sends can be heard, so the check
 * waits.
 */
final class Liveness {

  static final CloseStatus NO_ANSWER =
      CloseStatus.SESSION_NOT_RELIABLE.withReason("no answer to ping");

  private final long intervalNanos;
  private final long timeoutNanos;
  private volatile long heardNanos;
  private volatile long pingSentNanos;
  private volatile boolean pingOutstanding;

  Liveness(ConsumerSettings settings, long nowNanos) {
    this.intervalNanos = settings.pingInterval().toNanos();
    this.timeoutNanos = settings.pingTimeout().toNanos();
    this.heardNanos = nowNanos;
  }

  /** The client said something: a frame, or the answer to a ping. */
  void heard(long nowNanos) {
    heardNanos = nowNanos;
    pingOutstanding = false;
  }

  /**
   * What the session should do now: send a ping, close, or nothing. {@code readingPaused}: the
   * server has stopped reading from the client, so the client cannot be heard.
   */
  Verdict check(long nowNanos, boolean readingPaused) {
    if (intervalNanos <= 0 || readingPaused) {
      return Verdict.NOTHING;
    }
    if (pingOutstanding) {
      return nowNanos - pingSentNanos > timeoutNanos ? Verdict.CLOSE : Verdict.NOTHING;
    }
    if (nowNanos - heardNanos < intervalNanos) {
      return Verdict.NOTHING;
    }
    pingOutstanding = true;
    pingSentNanos = nowNanos;
    return Verdict.PING;
  }

  static PingMessage ping() {
    return new PingMessage(ByteBuffer.wrap(new byte[] {'c', 'h'}));
  }

  /** What a check found. */
  enum Verdict {
    NOTHING,
    PING,
    CLOSE
  }
}
