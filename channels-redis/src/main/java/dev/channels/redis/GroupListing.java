package dev.channels.redis;

import dev.channels.Page;
import dev.channels.spi.Cursors;
import io.lettuce.core.Range;
import io.lettuce.core.Range.Boundary;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A group's live members, read from the sorted set channels_redis writes ({@code
 * <prefix>:group:<group>}, scored by the time of the last add), so a Django consumer in the group
 * is counted and listed too. Nothing here writes: expired members are left out, not removed.
 */
final class GroupListing {

  private final RedisKeys keys;
  private final Shards shards;

  GroupListing(RedisKeys keys, Shards shards) {
    this.keys = keys;
    this.shards = shards;
  }

  /** The members added after {@code cutoffMillis}: one ZCOUNT, whatever the group's size. */
  CompletableFuture<Long> size(String group, long cutoffMillis) {
    Shard shard = shards.forName(group);
    // Expiry removes scores up to and including the cut-off, so what lives is strictly after it.
    Range<Number> live =
        Range.from(Boundary.excluding(cutoffMillis / 1000.0), Boundary.unbounded());
    return shard.call(() -> shard.commands().zcount(keys.group(group), live).toCompletableFuture());
  }

  /** Up to {@code size} members added after {@code cutoffMillis}, after the cursor's member. */
  CompletableFuture<Page<String>> page(
      String group, long cutoffMillis, @Nullable String after, int size) {
    String[] cursor = after == null ? new String[] {"", ""} : Cursors.parts(after, 2);
    if (after != null) {
      requireScore(cursor[0], after);
    }
    return shards
        .forName(group)
        .<List<Object>>run(
            Script.GROUP_CHANNELS,
            ScriptOutputType.MULTI,
            new byte[][] {keys.group(group)},
            Scores.of(cutoffMillis),
            RedisKeys.bytes(cursor[0]),
            RedisKeys.bytes(cursor[1]),
            RedisKeys.bytes(Integer.toString(size + 1)))
        .thenApply(reply -> toPage(reply, size));
  }

  // reply: member and score of up to size + 1 members; one more than asked means a page follows.
  private static Page<String> toPage(List<Object> reply, int size) {
    List<String> members = new ArrayList<>();
    for (int i = 0; i < reply.size() && members.size() < size; i += 2) {
      members.add(Replies.text(reply.get(i)));
    }
    if (reply.size() / 2 <= size) {
      return new Page<>(members, null);
    }
    int last = 2 * (size - 1);
    return new Page<>(
        members, Cursors.of(Replies.text(reply.get(last + 1)), Replies.text(reply.get(last))));
  }

  private static void requireScore(String score, String cursor) {
    try {
      Double.parseDouble(score);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'%s' is not a cursor of this listing: pass the next() of the page before, unchanged."
              .formatted(cursor),
          e);
    }
  }
}
