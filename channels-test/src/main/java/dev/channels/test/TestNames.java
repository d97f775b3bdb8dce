package dev.channels.test;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Names no other test uses: key prefixes, group and channel names, so that tests sharing one broker
 * (and runs after a failed one) keep apart.
 */
public final class TestNames {

  private TestNames() {}

  /** {@code base}, a dash and ten random hex digits, such as {@code soak-3f2a5c0a9e}. */
  public static String unique(String base) {
    long random = ThreadLocalRandom.current().nextLong() >>> 24;
    return base + "-" + String.format("%010x", random & 0xff_ffff_ffffL);
  }
}
