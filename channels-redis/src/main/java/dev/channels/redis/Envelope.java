package dev.channels.redis;

import dev.channels.MalformedMessageException;
import dev.channels.Message;
import dev.channels.codec.MessagePackCodec;
import dev.channels.codec.MessagePackWriter;
import dev.channels.spi.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A message on its way into a Redis queue, encoded once and wrapped per queue as channels_redis
 * does: as is for a normal channel; with {@code __asgi_channel__} naming the target for a
 * process-local one, or listing the targets when a group send bundles a queue's members. Between
 * Spring Channels instances a group send names the group and the queue's membership version
 * instead, and the receiving instance finds its members itself; Django peers never read those
 * queues. The entries are Python's dict order: the message's fields, then the routing keys.
 */
final class Envelope {

  static final String CHANNEL = "__asgi_channel__";
  static final String GROUP = "__asgi_group__";
  static final String VERSION = "__asgi_group_version__";
  static final String EXCEPT = "__asgi_group_except__";

  private final byte[] body;
  private final int fields;
  // Channels a group send skips: left out of a Django queue's list of targets, and named to a
  // Spring Channels instance, which leaves them out when it delivers to its members.
  private final Set<String> excluded;

  private Envelope(byte[] body, int fields, Set<String> excluded) {
    this.body = body;
    this.fields = fields;
    this.excluded = excluded;
  }

  /** This message for every member of its group but {@code channels}. */
  Envelope excluding(Set<String> channels) {
    return new Envelope(body, fields, Set.copyOf(channels));
  }

  /** The encoded message's size in bytes, without routing entries or framing. */
  int size() {
    return body.length;
  }

  /** The message of a group send, {@code size} bytes encoded, to be wrapped for each queue. */
  static Envelope of(Message message, long size) {
    Map<String, @Nullable Object> fields = Messages.fieldsOf(message);
    MessagePackWriter body =
        MessagePackWriter.ofSize(size - MessagePackWriter.sizeOfHeader(fields.size()));
    writeFields(body, fields);
    return new Envelope(body.toByteArray(), fields.size(), Set.of());
  }

  /**
   * A direct send's queue member, written at once into one array: {@code headroom} bytes left free
   * at the front (for the framing's random prefix), then the message ({@code size} bytes encoded)
   * with, for a process-local {@code channel}, the routing entry naming it.
   */
  static byte[] direct(Message message, long size, String channel, boolean local, int headroom) {
    Map<String, @Nullable Object> fields = Messages.fieldsOf(message);
    long routing =
        local
            ? MessagePackWriter.sizeOfString(CHANNEL) + MessagePackWriter.sizeOfString(channel)
            : 0;
    int entries = fields.size() + (local ? 1 : 0);
    MessagePackWriter member =
        MessagePackWriter.ofSize(
                headroom
                    + MessagePackWriter.sizeOfHeader(entries)
                    + size
                    - MessagePackWriter.sizeOfHeader(fields.size())
                    + routing)
            .skip(headroom)
            .mapHeader(entries);
    writeFields(member, fields);
    if (local) {
      member.string(CHANNEL).string(channel);
    }
    return member.toByteArray();
  }

  private static void writeFields(MessagePackWriter writer, Map<String, @Nullable Object> fields) {
    for (Map.Entry<String, @Nullable Object> field : fields.entrySet()) {
      writer.string(field.getKey()).value(field.getValue());
    }
  }

  /**
   * The message for {@code count} channels of one queue, their names already encoded, after {@code
   * headroom} free bytes.
   */
  byte[] toChannels(int count, byte[] encodedNames, int headroom) {
    if (!excluded.isEmpty()) {
      List<String> kept = new ArrayList<>();
      for (String name : EncodedNames.read(encodedNames)) {
        if (!excluded.contains(name)) {
          kept.add(name);
        }
      }
      count = kept.size();
      encodedNames = EncodedNames.write(kept);
    }
    long routing =
        MessagePackWriter.sizeOfString(CHANNEL)
            + MessagePackWriter.sizeOfHeader(count)
            + encodedNames.length;
    return start(1, routing, headroom)
        .string(CHANNEL)
        .arrayHeader(count)
        .raw(encodedNames)
        .toByteArray();
  }

  /**
   * The message for the members of {@code group} in a Spring Channels instance's queue, after
   * {@code headroom} free bytes.
   */
  byte[] toGroup(String group, String version, int headroom) {
    long routing =
        MessagePackWriter.sizeOfString(GROUP)
            + MessagePackWriter.sizeOfString(group)
            + MessagePackWriter.sizeOfString(VERSION)
            + MessagePackWriter.sizeOfString(version);
    if (excluded.isEmpty()) {
      return start(2, routing, headroom)
          .string(GROUP)
          .string(group)
          .string(VERSION)
          .string(version)
          .toByteArray();
    }
    routing +=
        MessagePackWriter.sizeOfString(EXCEPT) + MessagePackWriter.sizeOfHeader(excluded.size());
    for (String name : excluded) {
      routing += MessagePackWriter.sizeOfString(name);
    }
    MessagePackWriter writer =
        start(3, routing, headroom)
            .string(GROUP)
            .string(group)
            .string(VERSION)
            .string(version)
            .string(EXCEPT)
            .arrayHeader(excluded.size());
    for (String name : excluded) {
      writer.string(name);
    }
    return writer.toByteArray();
  }

  // The map header and the message's own entries, in an array sized for the routing entries too.
  private MessagePackWriter start(int routingEntries, long routingSize, int headroom) {
    int entries = fields + routingEntries;
    return MessagePackWriter.ofSize(
            headroom + MessagePackWriter.sizeOfHeader(entries) + body.length + routingSize)
        .skip(headroom)
        .mapHeader(entries)
        .raw(body);
  }

  /**
   * Reads what a queue member holds. The group envelope is this layer's own, written only into a
   * Spring Channels instance's queue and only without {@code __asgi_channel__}: with {@code
   * groupEnvelopes} false (any other queue), or with {@code __asgi_channel__} present, {@code
   * __asgi_group__} and {@code __asgi_group_version__} are ordinary fields of the message, as a
   * Django app forwarding user data may well send them.
   *
   * @throws MalformedMessageException if it is not a message, or its routing keys are wrong
   */
  static Routed decode(byte[] bytes, int offset, int length, boolean groupEnvelopes) {
    // The decoder's map is ours: routing keys come out of it, and the message takes the rest over.
    Map<String, @Nullable Object> fields = MessagePackCodec.decodeFields(bytes, offset, length);
    Object channel = fields.remove(CHANNEL);
    if (channel == null
        && groupEnvelopes
        && (fields.containsKey(GROUP) || fields.containsKey(VERSION))) {
      Object group = fields.remove(GROUP);
      Object version = fields.remove(VERSION);
      Object except = fields.remove(EXCEPT);
      if (!(group instanceof String name) || !(version instanceof String text)) {
        throw malformed("'%s' and '%s' must both be strings".formatted(GROUP, VERSION));
      }
      Set<String> skipped = except == null ? Set.of() : Set.copyOf(targets(except));
      return new Routed(Messages.ofDecodedFields(fields), List.of(), name, text, skipped, false);
    }
    // An empty list of targets is nobody, as channels_redis reads it: a group send that excluded
    // every member of a queue.
    return new Routed(
        Messages.ofDecodedFields(fields), targets(channel), null, null, Set.of(), channel == null);
  }

  private static List<String> targets(@Nullable Object channel) {
    if (channel == null) {
      return List.of();
    }
    if (channel instanceof String name) {
      return List.of(name);
    }
    if (channel instanceof List<?> names && names.stream().allMatch(String.class::isInstance)) {
      return names.stream().map(String.class::cast).toList();
    }
    throw malformed("'%s' must be a channel name or a list of them".formatted(CHANNEL));
  }

  private static MalformedMessageException malformed(String problem) {
    return new MalformedMessageException("Cannot route message: " + problem + ".");
  }

  /**
   * A decoded queue member: the message and where it goes. {@code toQueue} (no targets named, and
   * no group) means the queue's own name; a group's message skips its {@code excluded} members.
   */
  record Routed(
      Message message,
      List<String> targets,
      @Nullable String group,
      @Nullable String version,
      Set<String> excluded,
      boolean toQueue) {}
}
