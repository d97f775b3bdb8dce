package dev.channels;

/**
 * Running totals of what a layer has done since it was created. Cheap to read; the Spring Boot
 * starter publishes them as Micrometer counters.
 */
public interface ChannelLayerStats {

  /** Why a message was not delivered. */
  enum DropReason {
    /** A group send skipped a member that was at its capacity. */
    CAPACITY,
    /** A message sat unread longer than the layer's expiry. */
    EXPIRED,
    /** Data read from the backend was not a valid message, or failed decryption. */
    MALFORMED,
    /**
     * A message found in this process's queue named a channel that is not this process's (another
     * instance's, say), which nobody here would ever receive.
     */
    MISROUTED,
    /**
     * A group send skipped a member the layer cannot send to: a name that is not a channel name, or
     * a channel whose queue's key holds something else, written by something other than a channel
     * layer.
     */
    UNUSABLE
  }

  /** Messages accepted into channels; a group send counts once per member reached. */
  long sent();

  /** Messages handed to receivers. */
  long received();

  /** Group sends made. */
  long groupSends();

  /** Messages dropped for {@code reason}. */
  long dropped(DropReason reason);

  /**
   * How long the received messages waited in all, from being sent to being received, in
   * milliseconds; divided by {@link #received()} it is the mean receive lag.
   */
  long receiveLagMillis();
}
