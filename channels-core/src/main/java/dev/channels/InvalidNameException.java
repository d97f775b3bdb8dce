package dev.channels;

/** A channel or group name breaks the naming rules; the message states the rule. */
public class InvalidNameException extends ChannelLayerException {

  /** Creates the exception; {@code message} quotes the name and states the rule it breaks. */
  public InvalidNameException(String message) {
    super(message);
  }
}
