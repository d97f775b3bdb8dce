package dev.channels.rabbitmq;

import dev.channels.MalformedMessageException;
import dev.channels.codec.MessagePackWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The layer's own control messages, which travel through the queues as messages do and so keep
 * their order with them. As in channels_rabbitmq, the membership of a process-local channel lives
 * in the instance that owns the channel; another Spring instance that adds or discards one sends
 * that instance an {@link Add} or {@link Discard} through its queue, so it takes effect before any
 * message sent afterwards arrives. {@link Flush} and {@link CensusRequest} reach every Spring
 * instance through the routing key {@link #EVERY_INSTANCE}, which no Django peer binds; a {@link
 * CensusReply} goes to the asking instance's queue. Each body names its kind in {@code
 * __asgi_group__}, starting with '!', which no valid group does: a Django peer that gets one finds
 * no members for it and acks it.
 */
sealed interface Control {

  /** The routing key every Spring Channels instance's queue is bound with, and no Django one. */
  String EVERY_INSTANCE = "!spring-channels";

  /** Another instance added {@code channel}, of this instance, to {@code group} at {@code at}. */
  record Add(String group, String channel, long at) implements Control {}

  /** Another instance removed {@code channel}, of this instance, from {@code group}. */
  record Discard(String group, String channel) implements Control {}

  /** Every instance drops its memberships and the unread messages it holds. */
  record Flush() implements Control {}

  /** The instance of queue {@code replyTo} asks every instance what it holds. */
  record CensusRequest(String id, String replyTo) implements Control {}

  /**
   * What one instance holds: its members by group, its unread messages by channel, and the normal
   * channels' queues it has used.
   */
  record CensusReply(
      String id, Map<String, List<String>> groups, Map<String, Long> channels, List<String> queues)
      implements Control {}

  /** The body of {@code control}. */
  static byte[] encode(Control control) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (control instanceof Add add) {
      fields.put(Wire.GROUP, "!add");
      fields.put("group", add.group());
      fields.put("channel", add.channel());
      fields.put("at", add.at());
    } else if (control instanceof Discard discard) {
      fields.put(Wire.GROUP, "!discard");
      fields.put("group", discard.group());
      fields.put("channel", discard.channel());
    } else if (control instanceof CensusRequest request) {
      fields.put(Wire.GROUP, "!census");
      fields.put("id", request.id());
      fields.put("reply_to", request.replyTo());
    } else if (control instanceof CensusReply reply) {
      fields.put(Wire.GROUP, "!census-reply");
      fields.put("id", reply.id());
      fields.put("groups", reply.groups());
      fields.put("channels", reply.channels());
      fields.put("queues", reply.queues());
    } else {
      fields.put(Wire.GROUP, "!flush");
    }
    return MessagePackWriter.ofSize(MessagePackWriter.sizeOf(fields)).value(fields).toByteArray();
  }

  /**
   * The control message of kind {@code kind} (its {@code __asgi_group__}) with {@code fields}.
   *
   * @throws MalformedMessageException if the kind is unknown or a field is missing or mistyped
   */
  static Control decode(String kind, Map<String, @Nullable Object> fields) {
    switch (kind) {
      case "!add":
        return new Add(text(fields, "group"), text(fields, "channel"), number(fields, "at"));
      case "!discard":
        return new Discard(text(fields, "group"), text(fields, "channel"));
      case "!flush":
        return new Flush();
      case "!census":
        return new CensusRequest(text(fields, "id"), text(fields, "reply_to"));
      case "!census-reply":
        return new CensusReply(
            text(fields, "id"),
            Values.groups(fields.get("groups")),
            Values.counts(fields.get("channels")),
            Values.names(fields.get("queues")));
      default:
        throw Wire.malformed("'%s' is no control message this layer knows".formatted(kind));
    }
  }

  private static String text(Map<String, @Nullable Object> fields, String key) {
    if (fields.get(key) instanceof String value) {
      return value;
    }
    throw Wire.malformed("a control message's '%s' must be a string".formatted(key));
  }

  private static long number(Map<String, @Nullable Object> fields, String key) {
    if (fields.get(key) instanceof Long value) {
      return value;
    }
    throw Wire.malformed("a control message's '%s' must be an integer".formatted(key));
  }
}
