package dev.channels.sample;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import dev.channels.spring.ChannelHandler;
import dev.channels.spring.ChannelWorker;
import java.util.concurrent.CompletableFuture;

/**
 * A worker, as Django's {@code runworker chat-announce} would run it: anything that can reach the
 * layer, a Django shell included, sends {@code {"type": "announce.message", "room": "lobby",
 * "message": "..."}} to the channel {@code chat-announce}, and the room's members see the message.
 */
@ChannelWorker("chat-announce")
class Announcements {

  private final ChannelLayer layer;

  Announcements(ChannelLayer layer) {
    this.layer = layer;
  }

  record Announcement(String room, String message) {}

  @ChannelHandler("announce.message")
  CompletableFuture<Void> announce(Announcement announcement) {
    return layer.groupSend(
        "chat_" + announcement.room(),
        Message.of("chat.message", "message", announcement.message()));
  }
}
