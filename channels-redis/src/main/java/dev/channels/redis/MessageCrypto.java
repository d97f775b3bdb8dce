package dev.channels.redis;

import dev.channels.MalformedMessageException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * channels_redis's {@code symmetric_encryption_keys} as Python's MultiFernet uses them: the first
 * key encrypts, every key is tried to decrypt, and a token lives for the layer's expiry plus ten
 * seconds. Rotating keys: put the new key first and keep the old ones until their messages expire.
 */
final class MessageCrypto {

  private final List<Fernet> keys;
  private final long ttlSeconds;
  private final InstantSource clock;

  MessageCrypto(List<String> symmetricEncryptionKeys, Duration expiry) {
    this(symmetricEncryptionKeys, expiry, InstantSource.system());
  }

  // Tokens are stamped on the clock their age is later checked on: the layer's.
  MessageCrypto(List<String> symmetricEncryptionKeys, Duration expiry, InstantSource clock) {
    this.keys = symmetricEncryptionKeys.stream().map(Fernet::fromChannelsRedisKey).toList();
    this.ttlSeconds = expiry.toSeconds() + 10;
    this.clock = clock;
  }

  byte[] encrypt(byte[] plaintext) {
    return keys.get(0).encrypt(plaintext, clock.millis() / 1000);
  }

  /**
   * The plaintext of {@code token}.
   *
   * @throws MalformedMessageException if no key opens it
   */
  byte[] decrypt(byte[] token, long nowSeconds) {
    MalformedMessageException last = null;
    for (Fernet key : keys) {
      try {
        return key.decrypt(token, ttlSeconds, nowSeconds);
      } catch (Fernet.InvalidToken e) {
        last = e;
      }
    }
    throw last;
  }
}
