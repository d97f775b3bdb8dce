package dev.channels;

/**
 * A message and the group it is for, as one item of {@link ChannelLayer#groupSendMany}.
 *
 * @param group the group to send to
 * @param message the message
 */
public record GroupMessage(String group, Message message) {}
