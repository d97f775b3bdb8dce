package dev.channels.bench.ws.client;

import dev.channels.bench.ws.ClientFigures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run against one server under test: connect every client, wait until every room delivers to
 * all of its clients, then (when the harness says go) send the load and tally what arrives.
 */
final class ClientRun {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http;
  private final LoadShape shape;
  private final List<URI> bases;
  private final String roomPrefix;
  private final Activity activity = new Activity();
  private final List<RoomMember> members = new ArrayList<>();
  private final List<WebSocket> sockets = new ArrayList<>();
  private final List<Sender> senders = new ArrayList<>();

  ClientRun(HttpClient http, LoadShape shape, List<URI> bases, String roomPrefix) {
    this.http = http;
    this.shape = shape;
    this.bases = bases;
    this.roomPrefix = roomPrefix;
  }

  String roomPrefix() {
    return roomPrefix;
  }

  /** Opens every connection; a room's clients take the servers of a pair in turn. */
  void connect() throws Exception {
    List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
    for (int room = 0; room < shape.rooms(); room++) {
      for (int client = 0; client < shape.clients(); client++) {
        RoomMember member =
            new RoomMember(room, client == shape.senderIndex(room), shape.messages(), activity);
        URI base = bases.get(client % bases.size());
        URI uri = base.resolve("/ws/chat/" + roomPrefix + "_" + room + "/");
        members.add(member);
        opening.add(
            http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT).buildAsync(uri, member));
      }
    }
    CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new))
        .get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    for (CompletableFuture<WebSocket> socket : opening) {
      sockets.add(socket.join());
    }
  }

  /**
   * Waits until every client has read a probe from its room's sender. A server may join a session
   * to its room (or subscribe to it in Redis) after the handshake has completed, so an open
   * connection does not yet mean one that receives.
   */
  void awaitJoined() throws Exception {
    long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
    for (int attempt = 0; ; attempt++) {
      List<Integer> waiting = roomsNotAllProbed();
      if (waiting.isEmpty()) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "rooms " + waiting + " still had clients without a probe after " + JOIN_TIMEOUT);
      }
      for (int room : waiting) {
        senderSocket(room).sendText(ChatFrames.probe(attempt), true).get(10, TimeUnit.SECONDS);
      }
      Thread.sleep(attempt == 0 ? 100 : 250);
    }
    Thread.sleep(300); // later copies of a probe land before the measured window opens
  }

  /** Sends the load and waits for it to arrive, or to stop arriving; returns the figures. */
  ClientFigures load() throws InterruptedException {
    long start = System.nanoTime();
    activity.start(start);
    List<Thread> threads = new ArrayList<>();
    for (int room = 0; room < shape.rooms(); room++) {
      Sender sender = new Sender(senderSocket(room), shape.messages(), activity);
      senders.add(sender);
      Thread thread = new Thread(sender, "sender-" + room);
      thread.setDaemon(true); // a write the server never takes must not keep the client alive
      threads.add(thread);
    }
    threads.forEach(Thread::start);
    String end = awaitEnd(start);
    return Tally.of(shape, members, senders, start, activity.lastFrameNanos(), end);
  }

  private String awaitEnd(long start) throws InterruptedException {
    int expected = shape.expectedDeliveries();
    while (true) {
      long now = System.nanoTime();
      if (activity.delivered() >= expected) {
        return "complete";
      }
      if (now - activity.lastActivityNanos() > shape.quiet().toNanos()) {
        return "quiet";
      }
      if (now - start > shape.timeout().toNanos()) {
        return "timeout";
      }
      Thread.sleep(5);
    }
  }

  /** Closes every connection with 1000, and drops those the server does not answer in time. */
  void close() throws InterruptedException {
    members.forEach(RoomMember::closingOurselves);
    for (WebSocket socket : sockets) {
      if (!socket.isOutputClosed()) {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "run over");
      }
    }
    long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && !sockets.stream().allMatch(WebSocket::isInputClosed)) {
      Thread.sleep(20);
    }
    sockets.forEach(WebSocket::abort);
  }

  private List<Integer> roomsNotAllProbed() {
    List<Integer> rooms = new ArrayList<>();
    for (RoomMember member : members) {
      if (!member.probed() && !rooms.contains(member.room)) {
        rooms.add(member.room);
      }
    }
    return rooms;
  }

  private WebSocket senderSocket(int room) {
    return sockets.get(room * shape.clients() + shape.senderIndex(room));
  }
}
