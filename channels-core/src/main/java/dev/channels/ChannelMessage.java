package dev.channels;

/**
 * A message and the channel it is for, as one item of {@link ChannelLayer#sendMany}.
 *
 * @param channel the channel to send to
 * @param message the message
 */
public record ChannelMessage(String channel, Message message) {}
