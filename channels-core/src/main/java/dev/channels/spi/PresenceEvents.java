package dev.channels.spi;

import dev.channels.Message;

/**
 * The presence events a layer sends, and where: to a group of their own beside the group they are
 * about, named with an '@' that no valid group name holds, so no application group can collide with
 * it. A subscription to a group's events is a membership of that group.
 */
public final class PresenceEvents {

  /** The type of the message sent when a channel becomes present in a group. */
  public static final String JOIN = "presence.join";

  /** The type of the message sent when a channel's presence in a group ends. */
  public static final String LEAVE = "presence.leave";

  /** A leave's reason: the channel left, or its layer closed. */
  public static final String LEFT = "left";

  /** A leave's reason: its instance stopped renewing its entries, and they timed out. */
  public static final String TIMEOUT = "timeout";

  private static final String SUFFIX = "@presence";

  private PresenceEvents() {}

  /** The group that {@code group}'s presence events are sent to. */
  public static String groupOf(String group) {
    return group + SUFFIX;
  }

  /** Whether {@code name} is the events group of a group. */
  public static boolean isEventsGroup(String name) {
    return name.endsWith(SUFFIX);
  }

  /** The group whose events group {@code eventsGroup} is. */
  public static String groupOfEvents(String eventsGroup) {
    return eventsGroup.substring(0, eventsGroup.length() - SUFFIX.length());
  }

  /** The {@code presence.join} of {@code entry} in {@code group}. */
  public static Message join(String group, PresenceEntry entry) {
    return event(JOIN, group, entry).build();
  }

  /** The {@code presence.leave} of {@code entry} from {@code group}, for {@code reason}. */
  public static Message leave(String group, PresenceEntry entry, String reason) {
    return event(LEAVE, group, entry).put("reason", reason).build();
  }

  private static Message.Builder event(String type, String group, PresenceEntry entry) {
    return Message.builder(type)
        .put("group", group)
        .put("key", entry.key())
        .put("channel", entry.channel())
        .put("data", entry.data());
  }
}
