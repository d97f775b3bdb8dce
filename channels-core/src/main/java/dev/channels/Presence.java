package dev.channels;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Who is present in a group under one key, such as a user id, with each of their connections: one
 * user with a phone and a laptop is one {@code Presence} with two connections, as Phoenix Presence
 * groups its metas by key.
 *
 * @param key the key the connections joined with
 * @param connections each connection's channel and presence data, by channel name
 */
public record Presence(String key, List<Connection> connections) {

  /** The largest presence data of one connection, MessagePack-encoded: 4 KiB. */
  public static final int MAX_DATA_SIZE = 4096;

  /** The longest presence key, in characters. */
  public static final int MAX_KEY_LENGTH = 256;

  /** Copies the connections, so the entry does not change afterwards. */
  public Presence {
    connections = List.copyOf(connections);
  }

  /**
   * The data of the first connection, for applications whose connections of one key share it (a
   * user's display name); empty if there is none.
   */
  public Map<String, @Nullable Object> data() {
    return connections.isEmpty() ? Map.of() : connections.get(0).data();
  }

  /**
   * One connection present under a key.
   *
   * @param channel the connection's channel
   * @param data what the application joined it with: MessagePack values, read-only
   */
  public record Connection(String channel, Map<String, @Nullable Object> data) {}
}
