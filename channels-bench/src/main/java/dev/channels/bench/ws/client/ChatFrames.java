package dev.channels.bench.ws.client;

/**
 * The chat text the load client sends and reads back. Every server under test relays only the
 * {"message": ...} string, so the harness's own fields live inside it: "seq:sendNanos:padding" for
 * a measured message, "p:..." for a join probe. Nothing in it needs JSON escaping, so it is parsed
 * by hand instead of by a JSON library: the client must not be the bottleneck.
 */
final class ChatFrames {

  // Makes a message about as long as a chat line; the whole frame is about 70 bytes.
  private static final String PADDING = "x".repeat(40);

  private ChatFrames() {}

  static String message(int seq, long sendNanos) {
    return "{\"message\":\"" + seq + ':' + sendNanos + ':' + PADDING + "\"}";
  }

  static String probe(int attempt) {
    return "{\"message\":\"p:" + attempt + "\"}";
  }

  /**
   * The message string of a frame a server wrote, whether as {"message":"..."} or Python's
   * {"message": "..."}; null if the frame has none.
   */
  static String content(String frame) {
    int key = frame.indexOf("\"message\"");
    if (key < 0) {
      return null;
    }
    int open = frame.indexOf('"', frame.indexOf(':', key + 9) + 1);
    int close = open < 0 ? -1 : frame.indexOf('"', open + 1);
    return close < 0 ? null : frame.substring(open + 1, close);
  }

  static boolean isProbe(String content) {
    return content.startsWith("p:");
  }

  /** The sequence number of a measured message's content. */
  static int seq(String content) {
    return Integer.parseInt(content, 0, content.indexOf(':'), 10);
  }

  /** The System.nanoTime() at which a measured message was sent. */
  static long sendNanos(String content) {
    int first = content.indexOf(':');
    return Long.parseLong(content, first + 1, content.indexOf(':', first + 1), 10);
  }
}
