package dev.channels;

/** An operation was called on, or was waiting in, a layer that has been closed. */
public class ChannelLayerClosedException extends ChannelLayerException {

  /** Creates the exception for the layer described by {@code layer}. */
  public ChannelLayerClosedException(String layer) {
    super(
        "%s is closed. Use the layer only between its creation and close(); in Spring, let the container own its lifecycle."
            .formatted(layer));
  }
}
