package dev.channels.spring.autoconfigure;

import dev.channels.ChannelLayerException;
import org.jspecify.annotations.Nullable;

/** A {@code channels.layers.*} property has a value that cannot make a layer. */
public class InvalidChannelLayerConfigurationException extends ChannelLayerException {

  private final String property;
  private final String action;

  /**
   * Creates the exception for {@code property} (the full key); {@code problem} says what is wrong
   * and {@code action} how to fix it.
   */
  public InvalidChannelLayerConfigurationException(
      String property, String problem, String action, @Nullable Throwable cause) {
    super(problem, cause);
    this.property = property;
    this.action = action;
  }

  /** The full property key, such as {@code channels.layers.default.backend}. */
  public String property() {
    return property;
  }

  /** What to change. */
  public String action() {
    return action;
  }
}
