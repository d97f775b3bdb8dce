package dev.channels.spring.autoconfigure;

import org.jspecify.annotations.Nullable;

/** A {@code channels.layers.*} property has a value that cannot make a layer. */
public class InvalidChannelLayerConfigurationException
    extends InvalidChannelsConfigurationException {

  /**
   * Creates the exception for {@code property} (the full key); {@code problem} says what is wrong
   * and {@code action} how to fix it.
   */
  public InvalidChannelLayerConfigurationException(
      String property, String problem, String action, @Nullable Throwable cause) {
    super(property, problem, action, cause);
  }

  @Override
  public String area() {
    return "channel layer";
  }
}
