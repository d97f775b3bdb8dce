package dev.channels.sample;

import dev.channels.ChannelLayer;
import dev.channels.Page;
import dev.channels.Presence;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who is in a room, across every instance: {@code GET /api/rooms/{room}/presence} answers {"count":
 * the room's connections, "users": [{"key", "connections", "data"}]}, the first 100 users by key.
 * The count is the room group's live members, so it counts a Django consumer in the room, and a
 * client that gave no name, too; the users are those present by name.
 */
@RestController
class RoomPresence {

  private final ChannelLayer layer;

  RoomPresence(ChannelLayer layer) {
    this.layer = layer;
  }

  record User(String key, int connections, Map<String, Object> data) {}

  record RoomReport(long count, List<User> users) {}

  @GetMapping("/api/rooms/{room}/presence")
  CompletableFuture<RoomReport> presence(@PathVariable String room) {
    String group = "chat_" + room;
    CompletableFuture<Long> count = layer.groupSize(group);
    CompletableFuture<Page<Presence>> users = layer.presence(group);
    return count.thenCombine(
        users,
        (size, page) ->
            new RoomReport(
                size,
                page.items().stream()
                    .map(user -> new User(user.key(), user.connections().size(), dataOf(user)))
                    .toList()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> dataOf(Presence user) {
    return (Map<String, Object>) (Map<String, ?>) user.data();
  }

  /**
   * What a browser sees of a connection: a digest of its channel, not the channel, whose name is
   * enough to send to it.
   */
  static String connectionId(String channel) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(channel.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
