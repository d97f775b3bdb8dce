package dev.channels;

/** A message's encoded form is larger than the layer's {@code max-message-size}. */
public class MessageTooLargeException extends ChannelLayerException {

  private final long size;
  private final long limit;

  /** Creates the exception for a message of {@code type} that encodes to {@code size} bytes. */
  public MessageTooLargeException(String type, long size, long limit) {
    super(
        "Message of type '%s' encodes to %d bytes, over the layer's limit of %d bytes. Send less per message (split it, or send a reference to the data), or raise max-message-size."
            .formatted(type, size, limit));
    this.size = size;
    this.limit = limit;
  }

  /** The encoded size of the refused message, in bytes. */
  public long size() {
    return size;
  }

  /** The configured maximum, in bytes. */
  public long limit() {
    return limit;
  }
}
