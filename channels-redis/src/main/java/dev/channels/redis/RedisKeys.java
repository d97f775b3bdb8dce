package dev.channels.redis;

import dev.channels.InvalidNameException;
import dev.channels.spi.Names;
import dev.channels.spi.PresenceEvents;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Key names, as channels_redis makes them from its prefix (default "asgi"). On Redis Cluster each
 * queue's and group's name is wrapped in a hash tag, {@code asgi{specific.1f..!}} and {@code
 * asgi:group:{room}}, so a group's keys share one slot while different queues and groups spread
 * over the cluster; a prefix with a tag of its own (such as {@code {asgi}}) keeps channels_redis's
 * names byte for byte and puts every key in its one slot.
 */
final class RedisKeys {

  private static final String GROUP = ":group:";
  private static final String INDEX = ":groupindex:";
  private static final String INFLIGHT = "$inflight";
  private static final String PRESENCE = ":presence";

  /** What a key matching {@link #everything()} is, for this layer. */
  enum Kind {
    /** A queue; the name is the queue's (non-local) channel name. */
    QUEUE,
    /** A group's members; the name is the group's. */
    GROUP,
    /** This layer's group index or one of its member sets, or channels_redis's receive helper. */
    HELPER,
    /** Not a key of this prefix: another prefix that starts with this one made it. */
    FOREIGN
  }

  /** A key's kind and, for a queue or a group, its name. */
  record Owned(Kind kind, @Nullable String name) {
    static final Owned FOREIGN = new Owned(Kind.FOREIGN, null);
    static final Owned HELPER = new Owned(Kind.HELPER, null);
  }

  private final String prefix;
  private final byte[] prefixBytes;
  private final boolean tagged;

  /** channels_redis's names. */
  RedisKeys(String prefix) {
    this(prefix, false);
  }

  /** On a cluster, names tagged by queue and group, unless the prefix carries a tag itself. */
  RedisKeys(String prefix, boolean cluster) {
    this.prefix = prefix;
    this.prefixBytes = bytes(prefix);
    this.tagged = cluster && !ClusterTags.hasTag(prefix);
  }

  /** Whether names carry a hash tag per queue and group (Redis Cluster, untagged prefix). */
  boolean tagged() {
    return tagged;
  }

  private String tag(String name) {
    return tagged ? "{" + name + "}" : name;
  }

  String prefix() {
    return prefix;
  }

  /** The sorted set that holds a queue's messages: prefix + the non-local channel name. */
  byte[] queue(String nonLocalName) {
    return bytes(prefix + tag(nonLocalName));
  }

  /**
   * The queue of {@code channel}, a valid channel name: prefix + its non-local part, made without
   * the strings in between (channel names are ASCII).
   */
  byte[] queueOf(String channel) {
    int bang = channel.indexOf('!');
    int length = bang < 0 ? channel.length() : bang + 1;
    if (tagged) {
      return queue(channel.substring(0, length));
    }
    byte[] key = Arrays.copyOf(prefixBytes, prefixBytes.length + length);
    for (int i = 0; i < length; i++) {
      key[prefixBytes.length + i] = (byte) channel.charAt(i);
    }
    return key;
  }

  /** The sorted set of a group's members: {@code <prefix>:group:<group>}. */
  byte[] group(String group) {
    return bytes(prefix + GROUP + tag(group));
  }

  /** This layer's index of a group's members by queue (not part of channels_redis's format). */
  byte[] groupIndex(String group) {
    return bytes(prefix + INDEX + tag(group));
  }

  /** The members of a group in one Spring Channels instance's queue: the index key, '#', queue. */
  byte[] groupMembers(String group, String queue) {
    return bytes(prefix + INDEX + tag(group) + "#" + queue);
  }

  /**
   * A group's presence entries (a hash of channel to entry; see presencejoin.lua): the group's own
   * key and {@code :presence}, so that it shares the group's hash slot however that is tagged.
   */
  byte[] presenceEntries(String group) {
    return bytes(text(group(group)) + PRESENCE);
  }

  /** A group's presence entries sorted by key: {@link #presenceEntries} and {@code :keys}. */
  byte[] presenceByKey(String group) {
    return bytes(text(group(group)) + PRESENCE + ":keys");
  }

  /** The last heartbeat of each instance with presence in a group: {@code ...:presence:owners}. */
  byte[] presenceOwners(String group) {
    return bytes(text(group(group)) + PRESENCE + ":owners");
  }

  /**
   * Which instance made each channel present in a group: {@code ...:presence:owned}, a sorted set
   * of instance id, NUL, channel.
   */
  byte[] presenceOwned(String group) {
    return bytes(text(group(group)) + PRESENCE + ":owned");
  }

  /**
   * A SCAN pattern that matches every key under the prefix, glob characters escaped. It also
   * matches the keys of a longer prefix that starts with this one: {@link #owner} tells them apart.
   */
  byte[] everything() {
    return bytes(prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*");
  }

  /**
   * What {@code key}, found by {@link #everything()}, is: a queue (the prefix and a valid channel
   * name), a group ({@code :group:} and a valid group name), a helper of either, or, when what
   * follows the prefix is none of those, a key of another prefix, such as {@code asgi2:group:room}
   * under the prefix {@code asgi}.
   */
  Owned owner(byte[] key) {
    String text = text(key);
    if (!text.startsWith(prefix)) {
      return Owned.FOREIGN;
    }
    String rest = untag(text.substring(prefix.length()));
    if (rest.startsWith(GROUP)) {
      String group = rest.substring(GROUP.length());
      int presence = group.indexOf(PRESENCE);
      if (presence > 0) {
        return isGroup(group.substring(0, presence)) ? Owned.HELPER : Owned.FOREIGN;
      }
      return isGroup(group) ? new Owned(Kind.GROUP, group) : Owned.FOREIGN;
    }
    if (rest.startsWith(INDEX)) {
      String index = rest.substring(INDEX.length());
      int hash = index.indexOf('#');
      boolean valid =
          hash < 0
              ? isGroup(index)
              : isGroup(index.substring(0, hash)) && isChannel(index.substring(hash + 1));
      return valid ? Owned.HELPER : Owned.FOREIGN;
    }
    if (rest.endsWith(INFLIGHT)) {
      return isChannel(rest.substring(0, rest.length() - INFLIGHT.length()))
          ? Owned.HELPER
          : Owned.FOREIGN;
    }
    return isChannel(rest) ? new Owned(Kind.QUEUE, rest) : Owned.FOREIGN;
  }

  // Names never hold braces, so removing them undoes the tagging; a brace elsewhere in a foreign
  // key leaves a name no check accepts.
  private String untag(String rest) {
    if (!tagged) {
      return rest;
    }
    int open = rest.indexOf('{');
    int close = rest.indexOf('}', open + 1);
    return open < 0 || close < 0
        ? rest
        : rest.substring(0, open) + rest.substring(open + 1, close) + rest.substring(close + 1);
  }

  // Foreign keys are rare (they need two apps whose prefixes start alike), so a refused name's
  // exception costs nothing that matters.
  private static boolean isChannel(String name) {
    try {
      Names.requireValidChannel(name);
      return true;
    } catch (InvalidNameException e) {
      return false;
    }
  }

  // A group's presence events go to a group of their own, named with an '@' (see PresenceEvents).
  private static boolean isGroup(String name) {
    try {
      Names.requireValidGroup(
          PresenceEvents.isEventsGroup(name) ? PresenceEvents.groupOfEvents(name) : name);
      return true;
    } catch (InvalidNameException e) {
      return false;
    }
  }

  /** A key's text. */
  static String text(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
