package dev.channels.bench.ws.client;

import java.net.http.WebSocket;
import java.util.concurrent.ExecutionException;

/**
 * A room's sender: sends its messages one after another with no pacing, each as soon as the
 * previous one's write has completed. A thread of its own waits for each write, which is simpler
 * than chaining callbacks and cannot recurse when a write completes at once.
 */
final class Sender implements Runnable {

  private final WebSocket socket;
  private final int messages;
  private final Activity activity;
  private volatile int sent;
  private volatile String failure;

  Sender(WebSocket socket, int messages, Activity activity) {
    this.socket = socket;
    this.messages = messages;
    this.activity = activity;
  }

  @Override
  public void run() {
    try {
      for (int seq = 0; seq < messages; seq++) {
        socket.sendText(ChatFrames.message(seq, System.nanoTime()), true).get();
        sent = seq + 1;
        activity.sent(System.nanoTime());
      }
    } catch (ExecutionException e) {
      failure = e.getCause().getClass().getSimpleName(); // closed by the server, usually
    } catch (InterruptedException e) {
      failure = "interrupted";
      Thread.currentThread().interrupt();
    }
  }

  int sent() {
    return sent;
  }

  boolean failed() {
    return failure != null;
  }
}
