package dev.channels;

/**
 * A send found the destination channel at its capacity. Group sends never throw this: they skip
 * full members, as the specification requires.
 */
public class ChannelFullException extends ChannelLayerException {

  private final String channel;
  private final int capacity;

  /** Creates the exception for {@code channel}, which holds {@code capacity} unread messages. */
  public ChannelFullException(String channel, int capacity) {
    super(
        "Channel '%s' is full: it holds %d unread messages, its capacity. Receive from it faster, or raise its capacity with channel-capacity (a glob such as '%s' mapped to a larger number)."
            .formatted(channel, capacity, capacityGlob(channel)));
    this.channel = channel;
    this.capacity = capacity;
  }

  // A process-local name is unique to one consumer, so a rule for it would match nothing next
  // time: suggest its prefix, "specific.*" for "specific.<instance id>!<local id>", and
  // "*!specific.*" where the prefix follows the '!' ("<queue>!specific.<local id>", RabbitMQ).
  private static String capacityGlob(String channel) {
    int bang = channel.indexOf('!');
    if (bang < 0) {
      return channel;
    }
    int lastDot = channel.lastIndexOf('.');
    if (lastDot > bang + 1) {
      return "*!" + channel.substring(bang + 1, lastDot) + ".*";
    }
    int dot = channel.lastIndexOf('.', bang);
    return dot > 0 ? channel.substring(0, dot) + ".*" : channel.substring(0, bang + 1) + "*";
  }

  /** The channel that is full. */
  public String channel() {
    return channel;
  }

  /** The capacity that was reached. */
  public int capacity() {
    return capacity;
  }
}
