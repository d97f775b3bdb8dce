package dev.channels.spring.consumer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Joins the parts of one session's client messages, up to the configured sizes.
 *
 * <p>Consumers take client messages in parts so that the servlet container keeps its small default
 * read buffers: Tomcat gives every session a text and a binary buffer as large as the largest
 * message the endpoint accepts whole, allocated when the session opens, so accepting 64 KiB
 * messages whole cost each idle session about 170 KiB of heap. Here a session pays for a large
 * message only while one is arriving. The container calls one session's handler one message part at
 * a time, so this class needs no locking.
 */
final class MessageAssembler {

  private final int maxText;
  private final int maxBinary;
  private final Runnable tooBig;
  private @Nullable StringBuilder text;
  private @Nullable ByteArrayOutputStream binary;
  private boolean overflowing;
  private boolean refused;

  /**
   * @param maxText most characters in one text message
   * @param maxBinary most bytes in one binary message
   * @param tooBig called once, when the last part of the first message over its limit arrives; that
   *     message's parts and all later ones are dropped
   */
  MessageAssembler(int maxText, int maxBinary, Runnable tooBig) {
    this.maxText = maxText;
    this.maxBinary = maxBinary;
    this.tooBig = tooBig;
  }

  /** The whole text message once {@code last} part arrived; null before, or if it was refused. */
  @Nullable String text(String part, boolean last) {
    if (refused || overflowing || (text == null ? 0 : text.length()) + part.length() > maxText) {
      overflow(last);
      return null;
    }
    if (text == null) {
      if (last) {
        return part; // the usual case: a message that came in one part
      }
      text = new StringBuilder(part);
      return null;
    }
    text.append(part);
    if (!last) {
      return null;
    }
    String whole = text.toString();
    text = null;
    return whole;
  }

  /** The whole binary message once {@code last} part arrived; null before, or if refused. */
  byte @Nullable [] binary(ByteBuffer part, boolean last) {
    if (refused
        || overflowing
        || (binary == null ? 0 : binary.size()) + part.remaining() > maxBinary) {
      overflow(last);
      return null;
    }
    // The container reuses the part's buffer, so its bytes are copied in either case.
    byte[] bytes = new byte[part.remaining()];
    part.duplicate().get(bytes);
    if (binary == null && last) {
      return bytes;
    }
    if (binary == null) {
      binary = new ByteArrayOutputStream(bytes.length * 2);
    }
    binary.writeBytes(bytes);
    if (!last) {
      return null;
    }
    byte[] whole = binary.toByteArray();
    binary = null;
    return whole;
  }

  // The rest of a message over the limit is read and dropped, never kept, before the session is
  // closed: a client is told 1009 once it has sent the whole message, rather than partway through,
  // where its own send would fail before it saw why.
  private void overflow(boolean last) {
    text = null;
    binary = null;
    if (refused) {
      return;
    }
    overflowing = true;
    if (last) {
      refused = true;
      tooBig.run();
    }
  }
}
