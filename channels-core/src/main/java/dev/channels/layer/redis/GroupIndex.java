package dev.channels.layer.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * A group's index as a sender caches it: the token it is valid under, and its queues. For a queue
 * of a Django process the members are kept, MessagePack-encoded, for the envelope that lists them.
 */
record GroupIndex(String token, List<Queue> queues) {

  static final GroupIndex EMPTY = new GroupIndex("", List.of());

  /** One queue of the group: its non-local name, member count, version and encoded members. */
  record Queue(String name, int count, String version, byte[] members) {}

  /** Reads {'stale', token, then name, count, version, members for each queue}. */
  static GroupIndex parse(List<Object> reply) {
    List<Queue> queues = new ArrayList<>();
    for (int i = 2; i + 3 < reply.size(); i += 4) {
      queues.add(
          new Queue(
              Replies.text(reply.get(i)),
              Integer.parseInt(Replies.text(reply.get(i + 1))),
              Replies.text(reply.get(i + 2)),
              Replies.bytes(reply.get(i + 3))));
    }
    return new GroupIndex(Replies.text(reply.get(1)), List.copyOf(queues));
  }
}
