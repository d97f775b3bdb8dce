package dev.channels.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Walks the keys matching a pattern with SCAN, a page at a time; never KEYS, which blocks Redis.
 */
final class KeyScan {

  private static final int PAGE = 1000;

  private KeyScan() {}

  /** Calls {@code action} with each non-empty page of keys, one page after another. */
  static CompletableFuture<Void> forEachPage(
      Shard shard, byte[] pattern, Function<List<byte[]>, CompletableFuture<Void>> action) {
    return page(shard, ScanCursor.INITIAL, ScanArgs.Builder.matches(pattern).limit(PAGE), action);
  }

  private static CompletableFuture<Void> page(
      Shard shard,
      ScanCursor cursor,
      ScanArgs args,
      Function<List<byte[]>, CompletableFuture<Void>> action) {
    return shard
        .<KeyScanCursor<byte[]>>call(
            () -> shard.commands().scan(cursor, args).toCompletableFuture())
        .thenCompose(
            found -> {
              CompletableFuture<Void> done =
                  found.getKeys().isEmpty()
                      ? CompletableFuture.completedFuture(null)
                      : action.apply(found.getKeys());
              return found.isFinished()
                  ? done
                  : done.thenCompose(ignored -> page(shard, found, args, action));
            });
  }
}
