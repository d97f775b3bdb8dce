package dev.channels.rabbitmq;

import dev.channels.spi.Names;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Names as channels_rabbitmq makes them: the instance's queue is {@code channels_} and 12 random
 * ASCII letters; its process-local channels are {@code <queue>!<prefix>.<12 random letters>}, which
 * a Django peer routes by the part before the {@code !}, as it routes its own {@code
 * <queue>!<letters>}. A normal channel's queue is the channel's name after the layer's queue
 * prefix.
 */
final class QueueNames {

  /** What every instance queue's name starts with, as in channels_rabbitmq. */
  static final String QUEUE_PREFIX = "channels_";

  static final int RANDOM_LETTERS = 12;

  /** What a process-local name adds to its prefix: the queue, '!', '.' and the local letters. */
  static final int SUFFIX_LENGTH = QUEUE_PREFIX.length() + RANDOM_LETTERS + 2 + RANDOM_LETTERS;

  private static final char[] LETTERS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
  private static final SecureRandom SEED = new SecureRandom();

  private final String ownQueue;
  private final String ownPrefix;
  private final String queuePrefix;

  /** Names for a new instance, whose normal channels' queues start with {@code queuePrefix}. */
  QueueNames(String queuePrefix) {
    this.ownQueue = QUEUE_PREFIX + letters(SEED);
    this.ownPrefix = ownQueue + '!';
    this.queuePrefix = queuePrefix;
  }

  /** This instance's queue. */
  String ownQueue() {
    return ownQueue;
  }

  /** A new process-local channel of this instance that carries {@code prefix}. */
  String newChannel(String prefix) {
    Names.requireValidChannelPrefix(prefix, SUFFIX_LENGTH);
    return ownPrefix + prefix + '.' + letters(ThreadLocalRandom.current());
  }

  /** Whether {@code channel} is a process-local channel of this instance. */
  boolean isOwn(String channel) {
    return channel.startsWith(ownPrefix);
  }

  /**
   * Whether {@code channel} is a process-local channel of some instance's queue, laid out as
   * channels_rabbitmq lays them out: {@code channels_<12 letters>!...}. Other names with a {@code
   * !} (such as channels_redis's) are not routed by their prefix: no instance's queue has it.
   */
  static boolean isInstanceChannel(String channel) {
    int bang = QUEUE_PREFIX.length() + RANDOM_LETTERS;
    if (channel.length() <= bang
        || channel.charAt(bang) != '!'
        || !channel.startsWith(QUEUE_PREFIX)) {
      return false;
    }
    for (int i = QUEUE_PREFIX.length(); i < bang; i++) {
      char c = channel.charAt(i);
      if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z')) {
        return false;
      }
    }
    return true;
  }

  /**
   * The queue {@code channel}'s messages go to, and so the routing key of a send on the default
   * exchange: the instance's queue (the part before the {@code !}) of an instance's channel, else a
   * queue of the channel's own, as a normal channel has.
   */
  String queueOf(String channel) {
    return isInstanceChannel(channel)
        ? channel.substring(0, QUEUE_PREFIX.length() + RANDOM_LETTERS)
        : queuePrefix + channel;
  }

  /** The channel whose own queue {@code queue} is, or null if it is none of this layer's. */
  @org.jspecify.annotations.Nullable
  String channelOf(String queue) {
    return queue.startsWith(queuePrefix) ? queue.substring(queuePrefix.length()) : null;
  }

  private static String letters(Random random) {
    char[] out = new char[RANDOM_LETTERS];
    for (int i = 0; i < out.length; i++) {
      out[i] = LETTERS[random.nextInt(LETTERS.length)];
    }
    return new String(out);
  }
}
