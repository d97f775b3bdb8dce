package dev.channels.spi;

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
  private static final String SPRING_MARK = "5c0a";

  private ChannelIds() {}

  /**
   * A random instance id; unguessable, since it names every channel of one layer instance. Its
   * digits 13 to 16 are {@code 5c0a}, where a uuid4 (channels_redis's ids) always has a '4' at 13:
   * Redis scripts tell a Spring Channels queue from a Django one by it.
   */
  public static String newInstanceId() {
    String random = hex(SEED.nextLong(), SEED.nextLong());
    return random.substring(0, 12) + SPRING_MARK + random.substring(16);
  }

  /** Whether {@code nonLocalName} is the queue of a Spring Channels layer instance. */
  public static boolean isSpringQueue(String nonLocalName) {
    int bang = nonLocalName.length() - 1;
    int dot = nonLocalName.lastIndexOf('.', bang);
    return bang > 0
        && nonLocalName.charAt(bang) == '!'
        && bang - dot == 33
        && nonLocalName.startsWith(SPRING_MARK, dot + 13);
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

  /**
   * Whether {@code channel} is a process-local channel of the layer instance {@code instanceId}.
   */
  public static boolean isOf(String channel, String instanceId) {
    int bang = channel.indexOf('!');
    return bang > instanceId.length() + 1
        && channel.regionMatches(bang - instanceId.length(), instanceId, 0, instanceId.length())
        && channel.charAt(bang - instanceId.length() - 1) == '.';
  }
}
