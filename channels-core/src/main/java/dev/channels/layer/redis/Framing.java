package dev.channels.layer.redis;

import dev.channels.MalformedMessageException;
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

  Framing(@Nullable MessageCrypto crypto) {
    this.crypto = crypto;
  }

  byte[] frame(byte[] payload) {
    byte[] body = crypto == null ? payload : crypto.encrypt(payload);
    byte[] member = new byte[PREFIX + body.length];
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < PREFIX; i += 4) {
      int bits = random.nextInt();
      member[i] = (byte) bits;
      member[i + 1] = (byte) (bits >>> 8);
      member[i + 2] = (byte) (bits >>> 16);
      member[i + 3] = (byte) (bits >>> 24);
    }
    System.arraycopy(body, 0, member, PREFIX, body.length);
    return member;
  }

  /**
   * The routed message a queue member holds.
   *
   * @throws MalformedMessageException if it is too short, fails decryption, or is not a message
   */
  Envelope.Routed unframe(byte[] member, long nowSeconds) {
    if (member.length < PREFIX) {
      throw new MalformedMessageException(
          "Queue member of %d bytes is shorter than its 12-byte random prefix."
              .formatted(member.length));
    }
    if (crypto == null) {
      return Envelope.decode(member, PREFIX, member.length - PREFIX);
    }
    byte[] plaintext =
        crypto.decrypt(Arrays.copyOfRange(member, PREFIX, member.length), nowSeconds);
    return Envelope.decode(plaintext, 0, plaintext.length);
  }
}
