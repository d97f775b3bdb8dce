package dev.channels;

import org.jspecify.annotations.Nullable;

/**
 * The layer's backend is connected but answered nothing in time: it is busy or paused, not gone.
 * The operation may or may not have been done. A subclass of {@link BackendUnavailableException},
 * so a caller that handles an outage handles a stall the same way.
 */
public class BackendTimeoutException extends BackendUnavailableException {

  /** Creates the exception; {@code message} names the backend, the timeout and what to check. */
  public BackendTimeoutException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
