package dev.channels.internal;

import dev.channels.ChannelLayer;
import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Process-local channel names, laid out as channels_redis lays them out: {@code <prefix>.<instance
 * id>!<local id>}, both ids 32 lowercase hex digits.
 */
public final class ChannelIds {

  /** Characters a generated name adds after its prefix: '.', two 32-digit ids and '!'. */
  public static final int SUFFIX_LENGTH = 66;

  private static final SecureRandom SEED = new SecureRandom();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private ChannelIds() {}

  /** A random instance id; unguessable, since it names every channel of one layer instance. */
  public static String newInstanceId() {
    return hex(SEED.nextLong(), SEED.nextLong());
  }

  /** A random local id for one channel. */
  public static String newLocalId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return hex(random.nextLong(), random.nextLong());
  }

  /**
   * The name {@link ChannelLayer#newChannel(String)} returns for {@code prefix} and {@code
   * instanceId}.
   */
  public static String newChannel(String prefix, String instanceId) {
    Names.requireValidChannelPrefix(prefix, SUFFIX_LENGTH);
    return prefix + '.' + instanceId + '!' + newLocalId();
  }

  private static String hex(long high, long low) {
    char[] out = new char[32];
    for (int i = 0; i < 16; i++) {
      out[i] = HEX[(int) (high >>> (60 - 4 * i)) & 0xf];
      out[16 + i] = HEX[(int) (low >>> (60 - 4 * i)) & 0xf];
    }
    return new String(out);
  }
}
