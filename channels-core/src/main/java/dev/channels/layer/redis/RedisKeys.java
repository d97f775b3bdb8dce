package dev.channels.layer.redis;

import java.nio.charset.StandardCharsets;

/** Key names, as channels_redis makes them from its prefix (default "asgi"). */
final class RedisKeys {

  private final String prefix;

  RedisKeys(String prefix) {
    this.prefix = prefix;
  }

  String prefix() {
    return prefix;
  }

  /** The sorted set that holds a queue's messages: prefix + the non-local channel name. */
  byte[] queue(String nonLocalName) {
    return bytes(prefix + nonLocalName);
  }

  /** The sorted set of a group's members: {@code <prefix>:group:<group>}. */
  byte[] group(String group) {
    return bytes(prefix + ":group:" + group);
  }

  /** This layer's index of a group's members by queue (not part of channels_redis's format). */
  byte[] groupIndex(String group) {
    return bytes(prefix + ":groupindex:" + group);
  }

  /** The members of a group in one Spring Channels instance's queue: the index key, '#', queue. */
  byte[] groupMembers(String group, String queue) {
    return bytes(prefix + ":groupindex:" + group + "#" + queue);
  }

  /** A SCAN pattern that matches every key under the prefix, glob characters escaped. */
  byte[] everything() {
    return bytes(prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*");
  }

  /** The channel or group name a key under the prefix stands for, or null. */
  static String text(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
