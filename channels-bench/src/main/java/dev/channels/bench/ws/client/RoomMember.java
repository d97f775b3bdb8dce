package dev.channels.bench.ws.client;

import java.net.http.WebSocket;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.CompletionStage;

/**
 * One client connection in a room: counts what it reads, per sequence number, so that loss,
 * duplicates and reordering show per client, and keeps each delivery's latency. The JDK calls a
 * listener's methods one at a time, but the run reads the figures from another thread, hence the
 * synchronized methods (never contended while the load runs).
 */
final class RoomMember implements WebSocket.Listener {

  final int room;
  final boolean sender;
  private final int expected;
  private final StringBuilder partial = new StringBuilder();
  private final BitSet seen;
  private final long[] latencyNanos;
  private final Activity activity;
  private int delivered;
  private int duplicates;
  private int outOfOrder;
  private int unparsed;
  private int highestSeq = -1;
  private volatile boolean probed;
  private volatile boolean closingOurselves;
  private volatile String closedBy; // the server's close code, or "error" if the connection broke

  RoomMember(int room, boolean sender, int expected, Activity activity) {
    this.room = room;
    this.sender = sender;
    this.expected = expected;
    this.seen = new BitSet(expected);
    this.latencyNanos = new long[expected];
    this.activity = activity;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(Long.MAX_VALUE); // read as fast as frames come; the client never pushes back
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    long now = System.nanoTime();
    if (!last) {
      partial.append(data);
      return null;
    }
    String frame = data.toString();
    if (partial.length() > 0) {
      frame = partial.append(data).toString();
      partial.setLength(0);
    }
    read(frame, now);
    return null;
  }

  private synchronized void read(String frame, long now) {
    String content = ChatFrames.content(frame);
    if (content == null) {
      unparsed++;
    } else if (ChatFrames.isProbe(content)) {
      probed = true;
    } else {
      int seq = ChatFrames.seq(content);
      if (seq >= expected || seen.get(seq)) {
        duplicates++;
        return;
      }
      seen.set(seq);
      if (seq < highestSeq) {
        outOfOrder++;
      } else {
        highestSeq = seq;
      }
      latencyNanos[delivered++] = now - ChatFrames.sendNanos(content);
      activity.delivered(now);
    }
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    if (!closingOurselves) {
      closedBy = Integer.toString(statusCode);
    }
    return null; // the JDK answers the close frame
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    if (!closingOurselves && closedBy == null) {
      closedBy = "error";
    }
  }

  boolean probed() {
    return probed;
  }

  void closingOurselves() {
    closingOurselves = true;
  }

  String closedBy() {
    return closedBy;
  }

  synchronized int delivered() {
    return delivered;
  }

  synchronized int duplicates() {
    return duplicates;
  }

  synchronized int outOfOrder() {
    return outOfOrder;
  }

  synchronized int unparsed() {
    return unparsed;
  }

  synchronized long[] latencyNanos() {
    return Arrays.copyOf(latencyNanos, delivered);
  }
}
