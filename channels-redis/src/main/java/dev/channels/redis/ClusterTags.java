package dev.channels.redis;

import io.lettuce.core.cluster.SlotHash;

/**
 * Redis Cluster hash tags: Redis hashes only the part of a key between its first '{' and the first
 * '}' after it, when that part is not empty, so keys with the same tag share a slot and one script
 * may touch them all.
 */
final class ClusterTags {

  private ClusterTags() {}

  /**
   * Whether a prefix keeps a layer's keys placeable: no '{' at all (each queue and group gets a tag
   * of its own), or a first '{' closed by a '}' with something between (every key takes the
   * prefix's tag, so all share one slot).
   */
  static boolean isUsablePrefix(String prefix) {
    int open = prefix.indexOf('{');
    if (open < 0) {
      return true;
    }
    int close = prefix.indexOf('}', open + 1);
    return close > open + 1;
  }

  /** Whether the prefix holds a hash tag of its own, putting every key in one slot. */
  static boolean hasTag(String prefix) {
    return prefix.indexOf('{') >= 0 && isUsablePrefix(prefix);
  }

  /** The cluster slot of a key, as Redis computes it (CRC16 of the tag or the whole key). */
  static int slot(byte[] key) {
    return SlotHash.getSlot(key);
  }
}
