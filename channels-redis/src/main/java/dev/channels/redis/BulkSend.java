package dev.channels.redis;

import dev.channels.ChannelLayerSettings;
import dev.channels.ChannelMessage;
import dev.channels.spi.LayerCounters;
import dev.channels.spi.LocalChannels;
import dev.channels.spi.Names;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One {@code sendMany}: each message written as a send writes it, the messages of each shard handed
 * to its queue writes at once, so they leave together in one script call (up to 128 a call) rather
 * than one call after another.
 */
final class BulkSend {

  /** A message's queue entry, as a direct send writes it. */
  interface Entries {
    QueueWrites.Request of(ChannelMessage item, long size, Instant instant);
  }

  private final Entries entries;
  private final Shards shards;
  private final LocalChannels table;
  private final ChannelLayerSettings settings;
  private final LayerCounters counters;

  BulkSend(
      Entries entries,
      Shards shards,
      LocalChannels table,
      ChannelLayerSettings settings,
      LayerCounters counters) {
    this.entries = entries;
    this.shards = shards;
    this.table = table;
    this.settings = settings;
    this.counters = counters;
  }

  /** Sends {@code messages}; completes with those refused because their channel was full. */
  CompletableFuture<List<ChannelMessage>> send(
      List<ChannelMessage> messages, long[] sizes, Instant instant) {
    List<CompletableFuture<Boolean>> accepted = new ArrayList<>(messages.size());
    Map<QueueWrites, List<QueueWrites.Request>> byShard = new IdentityHashMap<>();
    Map<QueueWrites, List<Integer>> positions = new IdentityHashMap<>();
    for (int i = 0; i < sizes.length; i++) {
      ChannelMessage item = messages.get(i);
      accepted.add(null);
      // This process buffers the channels it receives from; a full buffer refuses like a queue.
      if (Names.isProcessLocal(item.channel())
          && table.depth(item.channel()) >= settings.capacityOf(item.channel())) {
        accepted.set(i, CompletableFuture.completedFuture(false));
        continue;
      }
      QueueWrites writes = shards.writesFor(item.channel());
      byShard
          .computeIfAbsent(writes, w -> new ArrayList<>())
          .add(entries.of(item, sizes[i], instant));
      positions.computeIfAbsent(writes, w -> new ArrayList<>()).add(i);
    }
    byShard.forEach(
        (writes, requests) -> {
          List<CompletableFuture<Boolean>> written = writes.writeAll(requests);
          List<Integer> at = positions.get(writes);
          for (int j = 0; j < at.size(); j++) {
            accepted.set(at.get(j), written.get(j));
          }
        });
    return CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new))
        .thenApply(done -> refused(messages, accepted));
  }

  private List<ChannelMessage> refused(
      List<ChannelMessage> messages, List<CompletableFuture<Boolean>> accepted) {
    List<ChannelMessage> full = new ArrayList<>();
    int sent = 0;
    for (int i = 0; i < accepted.size(); i++) {
      if (accepted.get(i).join()) {
        sent++;
      } else {
        full.add(messages.get(i));
      }
    }
    counters.sent(sent);
    return full;
  }
}
