package dev.channels.sample;

import dev.channels.Message;
import dev.channels.Presence;
import dev.channels.spring.ChannelConsumer;
import dev.channels.spring.ChannelHandler;
import dev.channels.spring.ConsumerSession;
import dev.channels.spring.OnText;
import dev.channels.spring.PresenceInfo;
import dev.channels.spring.PresenceKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The tutorial's ChatConsumer: a client sends {"message": text}; everyone in the room, on any
 * instance, gets {"message": text} back. Joining and leaving the room's group is declared.
 *
 * <p>A client that connects with a name ({@code /ws/chat/lobby/?name=Alice}) is also present in the
 * room: it gets {"users": [...]} with who is there once it has joined, then {"presence": {...}}
 * whenever someone joins or leaves, on whichever instance. A client without a name is not listed
 * and gets only the tutorial's frames.
 */
@ChannelConsumer(path = "/ws/chat/{room}/", groups = "chat_{room}", presence = "chat_{room}")
class ChatConsumer {

  record ChatInput(String message) {}

  record ChatEvent(String message) {}

  // Returning the send lets the consumer log it if it fails, and take the next message after it.
  // Input is checked here, once, rather than failing in every member's handler.
  @OnText
  CompletableFuture<Void> receive(
      ConsumerSession session, ChatInput input, @PathVariable String room) {
    if (input.message() == null || input.message().isBlank()) {
      session.sendJson(Map.of("error", "Send {\"message\": \"...\"} with some text."));
      return CompletableFuture.completedFuture(null);
    }
    return session.groupSend(
        "chat_" + room, Message.of("chat.message", "message", input.message()));
  }

  @ChannelHandler("chat.message")
  void chatMessage(ConsumerSession session, ChatEvent event) {
    session.sendJson(Map.of("message", event.message()));
  }

  /** Who this connection is in the room: the name it gave, keyed in lower case; none, nobody. */
  @PresenceKey
  @Nullable PresenceInfo who(@RequestParam(name = "name", required = false) @Nullable String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    String shown = name.strip();
    return PresenceInfo.of(shown.toLowerCase(java.util.Locale.ROOT), Map.of("name", shown));
  }

  /**
   * Someone came or went. The client keeps the room's list by connection, so a join it already has
   * from {"users"} changes nothing; its own join is when it asks for that list.
   */
  @ChannelHandler({"presence.join", "presence.leave"})
  CompletableFuture<Void> presence(
      ConsumerSession session, Message event, @PathVariable String room) {
    String channel = event.get("channel", String.class);
    session.sendJson(
        Map.of(
            "presence",
            Map.of(
                "event", event.type().equals("presence.join") ? "join" : "leave",
                "key", event.get("key"),
                "name", nameOf(event.get("data", Map.class)),
                "connection", RoomPresence.connectionId(channel))));
    if (!event.type().equals("presence.join") || !session.channelName().equals(channel)) {
      return CompletableFuture.completedFuture(null);
    }
    return session
        .presence("chat_" + room)
        .thenAccept(page -> session.sendJson(Map.of("users", users(page.items()))));
  }

  private static List<Map<String, Object>> users(List<Presence> present) {
    return present.stream()
        .map(
            user ->
                Map.<String, Object>of(
                    "key", user.key(),
                    "name", nameOf(user.data()),
                    "connections",
                        user.connections().stream()
                            .map(connection -> RoomPresence.connectionId(connection.channel()))
                            .toList()))
        .toList();
  }

  private static Object nameOf(@Nullable Map<?, ?> data) {
    Object name = data == null ? null : data.get("name");
    return name == null ? "" : name;
  }
}
