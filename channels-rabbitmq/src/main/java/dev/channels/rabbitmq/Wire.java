package dev.channels.rabbitmq;

import dev.channels.InvalidMessageException;
import dev.channels.MalformedMessageException;
import dev.channels.Message;
import dev.channels.codec.MessagePackCodec;
import dev.channels.codec.MessagePackWriter;
import dev.channels.spi.Messages;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Message bodies as channels_rabbitmq writes them: plain MessagePack of the message's fields, then
 * {@code __asgi_channel__} (the full channel name) for a process-local channel, or {@code
 * __asgi_group__} (the group) for a group send, in Python's dict order. No framing, no properties
 * the peer reads. A normal channel's queue holds the message alone, as a worker outside Channels
 * would read it. A group name starting with '!' (which no valid group has) marks this layer's own
 * control messages ({@link Control}); a Django peer finds no members for it and acks it.
 */
final class Wire {

  static final String CHANNEL = "__asgi_channel__";
  static final String GROUP = "__asgi_group__";

  private Wire() {}

  /**
   * Refuses a message that carries {@code __asgi_group__} itself: channels_rabbitmq routes by that
   * key and refuses such messages too.
   *
   * @throws InvalidMessageException if the message has the key
   */
  static void refuseReservedKeys(Message message) {
    if (Messages.fieldsOf(message).containsKey(GROUP)) {
      throw new InvalidMessageException(
          "Message of type '%s' uses the key '%s', which the RabbitMQ layer (as channels_rabbitmq) reserves for routing group messages. Rename that field."
              .formatted(message.type(), GROUP));
    }
  }

  /**
   * The body of {@code message} ({@code size} bytes encoded) for the process-local {@code channel}.
   */
  static byte[] toChannel(Message message, long size, String channel) {
    return withRouting(message, size, CHANNEL, channel);
  }

  /** The body of {@code message} ({@code size} bytes encoded) sent to {@code group}. */
  static byte[] toGroup(Message message, long size, String group) {
    return withRouting(message, size, GROUP, group);
  }

  /** The body of {@code message} ({@code size} bytes encoded) in a normal channel's queue. */
  static byte[] plain(Message message, long size) {
    Map<String, @Nullable Object> fields = Messages.fieldsOf(message);
    MessagePackWriter body = MessagePackWriter.ofSize(size).mapHeader(fields.size());
    writeFields(body, fields);
    return body.toByteArray();
  }

  private static byte[] withRouting(Message message, long size, String key, String value) {
    Map<String, @Nullable Object> fields = Messages.fieldsOf(message);
    long total =
        size
            - MessagePackWriter.sizeOfHeader(fields.size())
            + MessagePackWriter.sizeOfHeader(fields.size() + 1)
            + MessagePackWriter.sizeOfString(key)
            + MessagePackWriter.sizeOfString(value);
    MessagePackWriter body = MessagePackWriter.ofSize(total).mapHeader(fields.size() + 1);
    writeFields(body, fields);
    return body.string(key).string(value).toByteArray();
  }

  private static void writeFields(MessagePackWriter writer, Map<String, @Nullable Object> fields) {
    for (Map.Entry<String, @Nullable Object> field : fields.entrySet()) {
      writer.string(field.getKey()).value(field.getValue());
    }
  }

  /**
   * Reads a body from this instance's queue: a message for one of its channels, a message for a
   * group, or a control message. As channels_rabbitmq asserts, exactly one of {@code
   * __asgi_channel__} and {@code __asgi_group__} is there.
   *
   * @throws MalformedMessageException if the body is not one of these, or over {@code maxSize}
   */
  static Routed decode(byte[] body, long maxSize) {
    Map<String, @Nullable Object> fields =
        MessagePackCodec.decodeFields(body, 0, body.length, maxSize);
    Object channel = fields.remove(CHANNEL);
    Object group = fields.remove(GROUP);
    if ((channel == null) == (group == null)) {
      throw malformed("exactly one of '%s' and '%s' must be there".formatted(CHANNEL, GROUP));
    }
    if (channel != null) {
      return new Routed(text(channel, CHANNEL), null, Messages.ofDecodedFields(fields), null);
    }
    String name = text(group, GROUP);
    if (name.startsWith("!")) {
      return new Routed(null, null, null, Control.decode(name, fields));
    }
    return new Routed(null, name, Messages.ofDecodedFields(fields), null);
  }

  /**
   * Reads a body from a normal channel's queue: a message sent to the channel, or a group's
   * message, routed there by the queue's binding to the group; the routing keys are dropped.
   *
   * @throws MalformedMessageException if the body is not a message, or over {@code maxSize}
   */
  static Plain decodePlain(byte[] body, long maxSize) {
    Map<String, @Nullable Object> fields =
        MessagePackCodec.decodeFields(body, 0, body.length, maxSize);
    fields.remove(CHANNEL);
    boolean fromGroup = fields.remove(GROUP) != null;
    return new Plain(Messages.ofDecodedFields(fields), fromGroup);
  }

  /** A message read from a normal channel's queue, and whether a group send put it there. */
  record Plain(Message message, boolean fromGroup) {}

  private static String text(Object value, String key) {
    if (value instanceof String name) {
      return name;
    }
    throw malformed("'%s' must be a string".formatted(key));
  }

  static MalformedMessageException malformed(String problem) {
    return new MalformedMessageException("Cannot route message: " + problem + ".");
  }

  /**
   * A decoded body: a message for {@code channel}, a message for {@code group}, or a {@code
   * control} message.
   */
  record Routed(
      @Nullable String channel,
      @Nullable String group,
      @Nullable Message message,
      @Nullable Control control) {}
}
