package dev.channels;

import org.jspecify.annotations.Nullable;

/**
 * Bytes read from a backend are not a valid message: malformed MessagePack, an unknown extension
 * type, a value outside the message types, or data that fails decryption. Receive loops skip such
 * entries and count them; they never stop.
 */
public class MalformedMessageException extends ChannelLayerException {

  /** Creates the exception; {@code message} says what was wrong with the bytes. */
  public MalformedMessageException(String message) {
    super(message);
  }

  /** Creates the exception with the decoder's own exception attached. */
  public MalformedMessageException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
