package dev.channels.redis;

/** The cluster slot of a key, for tests outside this package's main code. */
final class RedisClusterTestKeys {

  private RedisClusterTestKeys() {}

  static int slot(byte[] key) {
    return ClusterTags.slot(key);
  }
}
