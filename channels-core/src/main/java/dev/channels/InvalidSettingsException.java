package dev.channels;

/** A channel layer setting has a value the layer cannot work with; the message names it. */
public class InvalidSettingsException extends ChannelLayerException {

  private final String setting;

  /**
   * Creates the exception for {@code setting} (its Django-style kebab-case name, such as {@code
   * group-expiry}); {@code message} says what is wrong and what values are valid.
   */
  public InvalidSettingsException(String setting, String message) {
    super(message);
    this.setting = setting;
  }

  /** The kebab-case name of the offending setting, as in {@code channels.layers.<alias>.*}. */
  public String setting() {
    return setting;
  }
}
