package dev.channels.spring.consumer;

import dev.channels.Message;
import dev.channels.Presence;
import dev.channels.spring.ChannelConsumer;
import dev.channels.spring.ChannelHandler;
import dev.channels.spring.ConsumerSession;
import dev.channels.spring.OnText;
import dev.channels.spring.PresenceInfo;
import dev.channels.spring.PresenceKey;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** A consumer with presence, in an application of its own. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(PresenceConsumers.Room.class)
class PresenceConsumers {

  /**
   * Present in its room under the name from the URL's query; tells its client who joins and leaves,
   * answers "who" with the room's keys, and passes anything else on to the others in the room.
   */
  @ChannelConsumer(path = "/ws/room/{room}/", groups = "room_{room}", presence = "room_{room}")
  static class Room {

    @PresenceKey
    PresenceInfo who(@RequestParam String name, @PathVariable String room) {
      return PresenceInfo.of(name.toLowerCase(), Map.of("name", name, "room", room));
    }

    @ChannelHandler({"presence.join", "presence.leave"})
    void presence(ConsumerSession session, Message event) {
      Map<?, ?> data = event.get("data", Map.class);
      session.sendJson(
          Map.of("event", event.type(), "key", event.get("key"), "name", data.get("name")));
    }

    @OnText
    CompletableFuture<Void> text(ConsumerSession session, String text, @PathVariable String room) {
      if (text.equals("who")) {
        return session
            .presence("room_" + room)
            .thenAccept(
                page ->
                    session.sendJson(
                        Map.of("who", page.items().stream().map(Presence::key).toList())));
      }
      return session.groupSendToOthers("room_" + room, Message.of("chat.message", "message", text));
    }

    @ChannelHandler("chat.message")
    void chat(ConsumerSession session, Message message) {
      session.sendJson(Map.of("message", message.get("message")));
    }
  }
}
