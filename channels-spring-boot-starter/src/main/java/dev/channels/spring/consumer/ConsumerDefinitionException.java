package dev.channels.spring.consumer;

import dev.channels.ChannelLayerException;

/** A {@code @ChannelConsumer} class is not usable as written; found at startup. */
public class ConsumerDefinitionException extends ChannelLayerException {

  private static final String CHANGE_THE_CONSUMER = "Change the consumer as described above.";

  private final String action;

  /** Creates the exception; {@code message} names the class or method and the fix. */
  public ConsumerDefinitionException(String message) {
    this(message, CHANGE_THE_CONSUMER);
  }

  /**
   * Creates the exception; {@code message} names the class or method and what is wrong, {@code
   * action} what to change.
   */
  public ConsumerDefinitionException(String message, String action) {
    super(message);
    this.action = action;
  }

  /** What to change, for the startup failure report. */
  public String action() {
    return action;
  }
}
