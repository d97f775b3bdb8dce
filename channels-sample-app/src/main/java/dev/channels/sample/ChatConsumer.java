package dev.channels.sample;

import dev.channels.Message;
import dev.channels.spring.ChannelConsumer;
import dev.channels.spring.ChannelHandler;
import dev.channels.spring.ConsumerSession;
import dev.channels.spring.OnText;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The tutorial's ChatConsumer: a client sends {"message": text}; everyone in the room, on any
 * instance, gets {"message": text} back. Joining and leaving the room's group is declared.
 */
@ChannelConsumer(path = "/ws/chat/{room}/", groups = "chat_{room}")
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
}
