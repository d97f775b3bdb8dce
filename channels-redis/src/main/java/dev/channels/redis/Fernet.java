package dev.channels.redis;

import dev.channels.MalformedMessageException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One Fernet key (https://github.com/fernet/spec): AES-128-CBC with PKCS#7 padding, authenticated
 * by HMAC-SHA256, as a base64url token, byte for byte what Python's {@code cryptography} writes.
 * Keys come from channels_redis's {@code symmetric_encryption_keys} strings: the SHA-256 of the
 * UTF-8 string is the 32-byte Fernet key (signing half first).
 */
final class Fernet {

  private static final byte VERSION = (byte) 0x80;
  private static final int HEADER = 1 + 8 + 16;
  private static final int MAC_LENGTH = 32;
  private static final long MAX_CLOCK_SKEW_SECONDS = 60;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec signingKey;
  private final SecretKeySpec encryptionKey;

  private Fernet(byte[] key) {
    this.signingKey = new SecretKeySpec(key, 0, 16, "HmacSHA256");
    this.encryptionKey = new SecretKeySpec(key, 16, 16, "AES");
  }

  /** The Fernet key channels_redis derives from one of its symmetric encryption keys. */
  static Fernet fromChannelsRedisKey(String key) {
    try {
      return new Fernet(
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** A token for {@code plaintext}, stamped with the current time and a random IV. */
  byte[] encrypt(byte[] plaintext) {
    return encrypt(plaintext, System.currentTimeMillis() / 1000);
  }

  /** A token for {@code plaintext}, stamped with {@code timeSeconds} and a random IV. */
  byte[] encrypt(byte[] plaintext, long timeSeconds) {
    byte[] iv = new byte[16];
    RANDOM.nextBytes(iv);
    return encrypt(plaintext, timeSeconds, iv);
  }

  /** A token for {@code plaintext} with the given time and IV; deterministic, for tests. */
  byte[] encrypt(byte[] plaintext, long timeSeconds, byte[] iv) {
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new IvParameterSpec(iv));
      byte[] ciphertext = cipher.doFinal(plaintext);
      ByteBuffer token = ByteBuffer.allocate(HEADER + ciphertext.length + MAC_LENGTH);
      token.put(VERSION).putLong(timeSeconds).put(iv).put(ciphertext);
      token.put(mac(token.array(), HEADER + ciphertext.length));
      return Base64.getUrlEncoder().encode(token.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CBC and HMAC-SHA256 are part of every Java runtime", e);
    }
  }

  /**
   * The plaintext of {@code token}, if this key made it, it is untampered, and it is at most {@code
   * ttlSeconds} old at {@code nowSeconds}.
   *
   * @throws MalformedMessageException saying which check the token failed
   */
  byte[] decrypt(byte[] token, long ttlSeconds, long nowSeconds) {
    byte[] raw = decodeBase64(token);
    if (raw.length < HEADER + 16 + MAC_LENGTH
        || raw[0] != VERSION
        || (raw.length - HEADER - MAC_LENGTH) % 16 != 0) {
      throw new MalformedMessageException("Encrypted message is not a Fernet token.");
    }
    long timestamp = ByteBuffer.wrap(raw, 1, 8).getLong();
    int signed = raw.length - MAC_LENGTH;
    if (!MessageDigest.isEqual(mac(raw, signed), Arrays.copyOfRange(raw, signed, raw.length))) {
      throw new InvalidToken(
          "Encrypted message fails authentication: it was tampered with, or made with a key this layer does not have.");
    }
    if (timestamp + ttlSeconds < nowSeconds || timestamp > nowSeconds + MAX_CLOCK_SKEW_SECONDS) {
      throw new InvalidToken(
          "Encrypted message is stamped %d, outside its time to live of %d s at %d."
              .formatted(timestamp, ttlSeconds, nowSeconds));
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new IvParameterSpec(raw, 9, 16));
      return cipher.doFinal(raw, HEADER, signed - HEADER);
    } catch (GeneralSecurityException e) {
      throw new InvalidToken("Encrypted message does not decrypt: " + e.getMessage());
    }
  }

  private byte[] mac(byte[] data, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(signingKey);
      mac.update(data, 0, length);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
    }
  }

  private static byte[] decodeBase64(byte[] token) {
    try {
      return Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(
          "Encrypted message is not base64url: " + e.getMessage(), e);
    }
  }

  /** A token that is well formed but fails a check; MultiFernet tries the next key. */
  static final class InvalidToken extends MalformedMessageException {
    InvalidToken(String message) {
      super(message);
    }
  }
}
