package dev.channels.spring.autoconfigure;

/**
 * A {@code channels.consumer.*} or {@code channels.websocket.*} property has a value consumers
 * cannot work with.
 */
public class InvalidConsumerConfigurationException extends InvalidChannelsConfigurationException {

  /**
   * Creates the exception for {@code property} (the full key); {@code problem} says what is wrong
   * and {@code action} how to fix it.
   */
  public InvalidConsumerConfigurationException(String property, String problem, String action) {
    super(property, problem, action, null);
  }

  @Override
  public String area() {
    return "consumer WebSocket";
  }
}
