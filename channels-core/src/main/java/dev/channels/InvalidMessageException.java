package dev.channels;

/**
 * A message could not be built: a value is not one of the MessagePack types, a map key is not a
 * string, the {@code type} is missing, or a reserved key is used. The message names the key path.
 */
public class InvalidMessageException extends ChannelLayerException {

  /** Creates the exception; {@code message} names the key path, the problem and the fix. */
  public InvalidMessageException(String message) {
    super(message);
  }
}
