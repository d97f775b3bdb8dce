package dev.channels.spring.consumer;

import dev.channels.ChannelLayerException;

/** A {@code @ChannelConsumer} class is not usable as written; found at startup. */
public class ConsumerDefinitionException extends ChannelLayerException {

  /** Creates the exception; {@code message} names the class or method and the fix. */
  public ConsumerDefinitionException(String message) {
    super(message);
  }
}
