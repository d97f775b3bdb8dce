package dev.channels.redis;

import dev.channels.spi.ChannelIds;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A group's index as a sender caches it: the token it is valid under, its queues, and how many of
 * its members are no channel names. For a queue of a Django process the members are kept,
 * MessagePack-encoded, for the envelope that lists them.
 */
record GroupIndex(String token, List<Queue> queues, int unusable) {

  static final GroupIndex EMPTY = new GroupIndex("", List.of(), 0);

  /**
   * One queue of the group: its non-local name, member count, version, encoded members, and its
   * capacity. channels_redis looks a queue's capacity up by the full name of a member (the first it
   * reads), not by the queue's name: a {@code channel_capacity} pattern such as {@code
   * websocket.send!?*} matches the one and not the other. That capacity then bounds the whole
   * queue, which holds every process-local channel of one process: a process whose queue lags by a
   * hundred messages in all misses the group's message for every member it has. A Spring instance's
   * queue is instead given that capacity once for each member of the group it holds; the instance
   * takes its queue at once and bounds each channel in memory, as the layer's capacity means. A
   * Django process's queue keeps channels_redis's rule.
   */
  record Queue(String name, int count, String version, byte[] members, int capacity) {}

  /**
   * Reads {'stale', token, unusable members, then name, count, version, members and a member's name
   * for each queue}; {@code capacityOf} gives the capacity of a channel name. Unusable members are
   * those the script left out of the index as no channel names.
   */
  static GroupIndex parse(List<Object> reply, ToIntFunction<String> capacityOf) {
    List<Queue> queues = new ArrayList<>();
    addQueues(reply, 3, capacityOf, queues);
    int unusable = Integer.parseInt(Replies.text(reply.get(2)));
    return new GroupIndex(Replies.text(reply.get(1)), List.copyOf(queues), unusable);
  }

  /**
   * Reads the queues listed from {@code from} on, five elements each (name, count, version, members
   * and a member's name), into {@code queues}.
   */
  static void addQueues(
      List<Object> reply, int from, ToIntFunction<String> capacityOf, List<Queue> queues) {
    for (int i = from; i + 4 < reply.size(); i += 5) {
      String name = Replies.text(reply.get(i));
      int count = Integer.parseInt(Replies.text(reply.get(i + 1)));
      int capacity = capacityOf.applyAsInt(Replies.text(reply.get(i + 4)));
      if (ChannelIds.isSpringQueue(name)) {
        capacity = (int) Math.min(Integer.MAX_VALUE, (long) capacity * Math.max(1, count));
      }
      queues.add(
          new Queue(
              name,
              count,
              Replies.text(reply.get(i + 2)),
              Replies.bytes(reply.get(i + 3)),
              capacity));
    }
  }
}
