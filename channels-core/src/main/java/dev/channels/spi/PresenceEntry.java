package dev.channels.spi;

import dev.channels.InvalidMessageException;
import dev.channels.Message;
import dev.channels.Presence;
import dev.channels.codec.MessagePackCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One channel's presence in a group as a backend stores it: the channel, its key and its data,
 * checked once when the entry is made. Listings sort entries by key, then channel, and {@link
 * #group} turns them into {@link Presence}s.
 *
 * @param channel the present channel
 * @param key the key it joined with
 * @param data its presence data, read-only
 */
public record PresenceEntry(String channel, String key, Map<String, @Nullable Object> data) {

  private static final String ENTRY = "presence.entry";

  /**
   * An entry of valid values.
   *
   * @throws InvalidMessageException if the key is empty, too long or holds a NUL, or the data is
   *     not MessagePack values within {@link Presence#MAX_DATA_SIZE} bytes encoded
   */
  public static PresenceEntry of(String channel, String key, Map<String, ?> data) {
    if (key.isEmpty() || key.length() > Presence.MAX_KEY_LENGTH || key.indexOf('\0') >= 0) {
      throw new InvalidMessageException(
          "Presence key '%s' is invalid: a key is 1 to %d characters without NUL, such as a user id."
              .formatted(key, Presence.MAX_KEY_LENGTH));
    }
    Message checked = Message.of(ENTRY, "data", data);
    long size = MessagePackCodec.encodedSize(checked);
    if (size > Presence.MAX_DATA_SIZE) {
      throw new InvalidMessageException(
          "The presence data of key '%s' encodes to %d bytes, over the limit of %d; keep it to what others must see (a name, an avatar's URL), and look up the rest by key."
              .formatted(key, size, Presence.MAX_DATA_SIZE));
    }
    return new PresenceEntry(channel, key, dataOf(checked));
  }

  /** The key and data as one MessagePack message, for a backend that stores entries as bytes. */
  public byte[] encode() {
    return MessagePackCodec.encode(Message.of(ENTRY, "key", key, "data", data));
  }

  /**
   * The entry of {@code channel} that {@link #encode()} wrote.
   *
   * @throws dev.channels.MalformedMessageException if the bytes are not such an entry
   */
  public static PresenceEntry decode(String channel, byte[] bytes) {
    Message message = MessagePackCodec.decode(bytes);
    String key = message.get("key", String.class);
    if (!ENTRY.equals(message.type()) || key == null) {
      throw new dev.channels.MalformedMessageException(
          "A presence entry of channel '%s' is not one this layer wrote.".formatted(channel));
    }
    return new PresenceEntry(channel, key, dataOf(message));
  }

  /** The connection this entry is, in a listing. */
  public Presence.Connection connection() {
    return new Presence.Connection(channel, data);
  }

  /** Entries sorted by key, as {@link Presence}s: one per key, its connections in order. */
  public static List<Presence> group(List<PresenceEntry> sortedByKey) {
    List<Presence> grouped = new ArrayList<>();
    String key = null;
    List<Presence.Connection> connections = new ArrayList<>();
    for (PresenceEntry entry : sortedByKey) {
      if (key != null && !key.equals(entry.key())) {
        grouped.add(new Presence(key, connections));
        connections = new ArrayList<>();
      }
      key = entry.key();
      connections.add(entry.connection());
    }
    if (key != null) {
      grouped.add(new Presence(key, connections));
    }
    return grouped;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, @Nullable Object> dataOf(Message message) {
    Object data = message.get("data");
    return data instanceof Map<?, ?> map ? (Map<String, @Nullable Object>) map : Map.of();
  }
}
