package dev.channels.spi;

import dev.channels.InvalidNameException;

/**
 * Channel and group name rules of the channel layer specification.
 *
 * <p>Two choices follow the specification where Django's code is stricter (see {@code
 * docs/specification-choices.md}): names of exactly 100 characters are valid (the specification
 * requires "at least 100"; Django's code rejects 100), and a channel name may hold one {@code ?},
 * the specification's single-reader type character. Names the layer makes itself stay within 99.
 */
public final class Names {

  /** The longest valid channel or group name. */
  public static final int MAX_LENGTH = 100;

  /**
   * The longest name {@code newChannel} makes: Django rejects names of {@link #MAX_LENGTH}
   * characters ({@code len(name) < 100}), and generated names travel to Django peers.
   */
  public static final int MAX_GENERATED_LENGTH = MAX_LENGTH - 1;

  private static final String CHANNEL_RULE =
      "channel names are 1 to %d ASCII letters, digits, hyphens, underscores or periods, with at most one '!' (which marks a process-local channel) and at most one '?'"
          .formatted(MAX_LENGTH);
  private static final String GROUP_RULE =
      "group names are 1 to %d ASCII letters, digits, hyphens, underscores or periods"
          .formatted(MAX_LENGTH);

  private Names() {}

  /** Throws {@link InvalidNameException} unless {@code name} is a valid channel name. */
  public static String requireValidChannel(String name) {
    checkLength("Channel", name, CHANNEL_RULE);
    int bangs = 0;
    int questionMarks = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '!' && i > 0 && ++bangs == 1) {
        continue;
      }
      if (c == '?' && i > 0 && bangs == 0 && ++questionMarks == 1) {
        continue;
      }
      if (!isPlain(c)) {
        throw invalidCharacter("Channel", name, i, CHANNEL_RULE);
      }
    }
    return name;
  }

  /** Throws {@link InvalidNameException} unless {@code name} is a valid group name. */
  public static String requireValidGroup(String name) {
    checkLength("Group", name, GROUP_RULE);
    for (int i = 0; i < name.length(); i++) {
      if (!isPlain(name.charAt(i))) {
        throw invalidCharacter("Group", name, i, GROUP_RULE);
      }
    }
    return name;
  }

  /**
   * Throws {@link InvalidNameException} unless {@code prefix} can start a {@code newChannel} name
   * of {@code suffixLength} more characters that Django also accepts.
   */
  public static String requireValidChannelPrefix(String prefix, int suffixLength) {
    int limit = MAX_GENERATED_LENGTH - suffixLength;
    if (prefix.isEmpty() || prefix.length() > limit) {
      throw new InvalidNameException(
          "Channel prefix '%s' is invalid: a prefix is 1 to %d characters, so that the generated name stays within %d, the longest Django accepts."
              .formatted(prefix, limit, MAX_GENERATED_LENGTH));
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (!isPlain(prefix.charAt(i))) {
        throw invalidCharacter("Channel prefix", prefix, i, GROUP_RULE.replace("group", "prefix"));
      }
    }
    return prefix;
  }

  /** Whether {@code channel} is process-local, that is, holds a {@code !}. */
  public static boolean isProcessLocal(String channel) {
    return channel.indexOf('!') >= 0;
  }

  /**
   * The part of {@code channel} up to and including its {@code !}, or the whole name for a normal
   * channel: the name of the queue that holds its messages in a shared backend.
   */
  public static String nonLocalName(String channel) {
    int bang = channel.indexOf('!');
    return bang < 0 ? channel : channel.substring(0, bang + 1);
  }

  private static final boolean[] PLAIN = new boolean[128];

  static {
    for (char c :
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.".toCharArray()) {
      PLAIN[c] = true;
    }
  }

  private static boolean isPlain(char c) {
    return c < 128 && PLAIN[c];
  }

  private static void checkLength(String kind, String name, String rule) {
    if (name.isEmpty()) {
      throw new InvalidNameException("%s name is empty: %s.".formatted(kind, rule));
    }
    if (name.length() > MAX_LENGTH) {
      throw new InvalidNameException(
          "%s name '%s' is invalid: it has %d characters; %s."
              .formatted(kind, name, name.length(), rule));
    }
  }

  private static InvalidNameException invalidCharacter(
      String kind, String name, int index, String rule) {
    char c = name.charAt(index);
    String shown = c >= 0x20 && c < 0x7f ? "'" + c + "'" : "U+%04X".formatted((int) c);
    return new InvalidNameException(
        "%s name '%s' is invalid: %s is not allowed at index %d; %s."
            .formatted(kind, name, shown, index, rule));
  }
}
