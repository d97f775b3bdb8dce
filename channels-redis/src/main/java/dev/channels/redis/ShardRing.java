package dev.channels.redis;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * channels_redis's placement of names on several Redis hosts: CRC-32 of the UTF-8 name, its low 12
 * bits, scaled down to the number of hosts. Both sides agree on every group and queue.
 */
final class ShardRing {

  private ShardRing() {}

  static int index(String name, int ringSize) {
    if (ringSize == 1) {
      return 0;
    }
    CRC32 crc = new CRC32();
    crc.update(name.getBytes(StandardCharsets.UTF_8));
    long value = crc.getValue() & 0xFFF;
    // Python: int(bigval / (4096 / float(ring_size))), a float division truncated.
    return (int) (value / (4096.0 / ringSize));
  }
}
