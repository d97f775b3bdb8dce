package dev.channels.spring.autoconfigure;

import dev.channels.ChannelLayerException;

/**
 * A {@code channels.consumer.*} or {@code channels.websocket.*} property has a value consumers
 * cannot work with.
 */
public class InvalidConsumerConfigurationException extends ChannelLayerException {

  private final String property;
  private final String action;

  /**
   * Creates the exception for {@code property} (the full key); {@code problem} says what is wrong
   * and {@code action} how to fix it.
   */
  public InvalidConsumerConfigurationException(String property, String problem, String action) {
    super(problem);
    this.property = property;
    this.action = action;
  }

  /** The full property key, such as {@code channels.websocket.max-queued-messages}. */
  public String property() {
    return property;
  }

  /** What to change. */
  public String action() {
    return action;
  }
}
