package dev.channels.faults;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/** One member of a room over a real WebSocket: sends sequence numbers, tallies what comes back. */
final class RoomClient extends TextWebSocketHandler {

  private static final StandardWebSocketClient CLIENT = new StandardWebSocketClient();

  private final Tally tally;
  private final String room;
  private final AtomicInteger received = new AtomicInteger();
  private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
  private final WebSocketSession session;

  RoomClient(int port, String room, Tally tally) throws Exception {
    this.tally = tally;
    this.room = room;
    this.session =
        CLIENT
            .execute(this, "ws://localhost:" + port + "/ws/room/" + room + "/")
            .get(20, TimeUnit.SECONDS);
  }

  String room() {
    return room;
  }

  /** Sends the next sequence number; the caller is the only thread sending on this session. */
  int send(long nanos) throws Exception {
    int seq = tally.sending(nanos);
    session.sendMessage(new TextMessage(Integer.toString(seq)));
    return seq;
  }

  int received() {
    return received.get();
  }

  boolean isOpen() {
    return session.isOpen() && !closed.isDone();
  }

  void close() throws Exception {
    session.close();
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage message) {
    String text = message.getPayload();
    if (text.startsWith("refused ")) {
      tally.refused(Integer.parseInt(text.substring("refused ".length())));
    } else {
      tally.delivered(Integer.parseInt(text), System.nanoTime());
      received.incrementAndGet();
    }
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    closed.complete(status);
  }

  @Override
  public void handleTransportError(WebSocketSession session, Throwable exception) {
    closed.complete(CloseStatus.SERVER_ERROR.withReason(String.valueOf(exception)));
  }
}
