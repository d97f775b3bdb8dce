package dev.channels.redis;

import dev.channels.MalformedMessageException;
import dev.channels.codec.MessagePackCodec;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * channels_redis's framing of a queue member: 12 random bytes (so equal messages stay distinct
 * members of the sorted set), then the payload, encrypted when keys are configured.
 */
final class Framing {

  private static final int PREFIX = 12;

  private final @Nullable MessageCrypto crypto;
  private final long maxMessageSize;

  Framing(@Nullable MessageCrypto crypto, long maxMessageSize) {
    this.crypto = crypto;
    this.maxMessageSize = maxMessageSize;
  }

  /**
   * How many bytes a payload should leave free at its front for {@link #frameInPlace}: the random
   * prefix, unless encryption makes a new array anyway.
   */
  int headroom() {
    return crypto == null ? PREFIX : 0;
  }

  /**
   * The queue member of a payload written after {@link #headroom()} free bytes: without encryption,
   * the same array with its random prefix filled in.
   */
  byte[] frameInPlace(byte[] payloadWithHeadroom) {
    if (crypto != null) {
      return frame(payloadWithHeadroom);
    }
    randomPrefix(payloadWithHeadroom);
    return payloadWithHeadroom;
  }

  byte[] frame(byte[] payload) {
    byte[] body = crypto == null ? payload : crypto.encrypt(payload);
    byte[] member = new byte[PREFIX + body.length];
    randomPrefix(member);
    System.arraycopy(body, 0, member, PREFIX, body.length);
    return member;
  }

  private static void randomPrefix(byte[] member) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < PREFIX; i += 4) {
      int bits = random.nextInt();
      member[i] = (byte) bits;
      member[i + 1] = (byte) (bits >>> 8);
      member[i + 2] = (byte) (bits >>> 16);
      member[i + 3] = (byte) (bits >>> 24);
    }
  }

  /**
   * The routed message a queue member holds; {@code groupEnvelopes} as for {@link Envelope#decode}:
   * true only for this instance's own queue.
   *
   * @throws MalformedMessageException if it is too short, fails decryption, is not a message, or
   *     holds a message over the layer's size limit
   */
  Envelope.Routed unframe(byte[] member, long nowSeconds, boolean groupEnvelopes) {
    if (member.length < PREFIX) {
      throw new MalformedMessageException(
          "Queue member of %d bytes is shorter than its 12-byte random prefix."
              .formatted(member.length));
    }
    Envelope.Routed routed;
    if (crypto == null) {
      routed = Envelope.decode(member, PREFIX, member.length - PREFIX, groupEnvelopes);
    } else {
      byte[] plaintext =
          crypto.decrypt(Arrays.copyOfRange(member, PREFIX, member.length), nowSeconds);
      routed = Envelope.decode(plaintext, 0, plaintext.length, groupEnvelopes);
    }
    return withinLimit(routed, member.length - PREFIX);
  }

  // A sender that skips the limit (a Django peer has none, a raw client may write anything) must
  // not hand this layer's consumers a message they were promised would never come.
  // Most messages are far below it: no encoding of a message is longer than 9/5 of the bytes it
  // was read from (only a float32, 5 bytes, grows, to a float64's 9; every other value is written
  // in its smallest form), so only larger input needs the message measured.
  private Envelope.Routed withinLimit(Envelope.Routed routed, int inputLength) {
    if (inputLength * 9L / 5 <= maxMessageSize) {
      return routed;
    }
    long size = MessagePackCodec.encodedSize(routed.message());
    if (size > maxMessageSize) {
      throw new MalformedMessageException(
          ("Message of type '%s' is %d bytes, over this layer's max-message-size of %d bytes;"
                  + " the sender must send smaller messages, or every reader raise"
                  + " max-message-size.")
              .formatted(routed.message().type(), size, maxMessageSize));
    }
    return routed;
  }
}
