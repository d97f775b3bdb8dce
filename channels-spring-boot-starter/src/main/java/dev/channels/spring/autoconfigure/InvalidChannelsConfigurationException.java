package dev.channels.spring.autoconfigure;

import dev.channels.ChannelLayerException;
import org.jspecify.annotations.Nullable;

/**
 * A {@code channels.*} property has a value Spring Channels cannot work with. Startup reports it
 * with the property and the fix, as the {@link #area()} it belongs to.
 */
public abstract class InvalidChannelsConfigurationException extends ChannelLayerException {

  private final String property;
  private final String action;

  /**
   * Creates the exception for {@code property} (the full key); {@code problem} says what is wrong
   * and {@code action} how to fix it.
   */
  protected InvalidChannelsConfigurationException(
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

  /** What the property configures, as the startup report names it, such as "channel layer". */
  public abstract String area();
}
