package dev.channels;

import org.jspecify.annotations.Nullable;

/** The layer's backend (for example Redis) cannot be reached; the operation was not done. */
public class BackendUnavailableException extends ChannelLayerException {

  /** Creates the exception; {@code message} names the backend address and what to check. */
  public BackendUnavailableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
