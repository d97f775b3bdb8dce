package dev.channels;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception a channel layer throws. Unchecked, so blocking callers are not forced
 * to catch what they cannot handle; catch a subclass to handle one condition.
 */
public class ChannelLayerException extends RuntimeException {

  /** Creates an exception whose message says what went wrong and how to fix it. */
  public ChannelLayerException(String message) {
    super(message);
  }

  /** Creates an exception that translates {@code cause}, for example a driver exception. */
  public ChannelLayerException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
