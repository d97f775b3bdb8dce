package dev.channels.faults;

import dev.channels.Message;
import dev.channels.spring.ChannelConsumer;
import dev.channels.spring.ChannelHandler;
import dev.channels.spring.ConsumerSession;
import dev.channels.spring.OnText;
import java.util.concurrent.CompletionStage;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A client sends a sequence number; everyone in the room, on any instance, gets it back. When the
 * layer refuses the group send (Redis is away), the sender alone gets {@code refused <number>}.
 */
@ChannelConsumer(path = "/ws/room/{room}/", groups = "room_{room}")
class RoomConsumer {

  @OnText
  CompletionStage<Void> receive(ConsumerSession session, String seq, @PathVariable String room) {
    return session
        .groupSend("room_" + room, Message.of("room.message", "seq", seq))
        .exceptionally(
            failure -> {
              if (session.isOpen()) {
                session.sendText("refused " + seq);
              }
              return null;
            });
  }

  @ChannelHandler("room.message")
  void deliver(ConsumerSession session, Message message) {
    session.sendText(String.valueOf(message.get("seq")));
  }
}
