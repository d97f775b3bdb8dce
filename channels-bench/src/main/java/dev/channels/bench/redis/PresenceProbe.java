package dev.channels.bench.redis;

import dev.channels.ChannelLayer;
import dev.channels.redis.RedisChannelLayer;
import dev.channels.redis.RedisLayerOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * What presence costs on Redis, run by {@code bench.sh presence}: {@code groupSize} and the first
 * 100-key page of {@code presence} in groups of 10, 10,000 and 100,000 members (each member also
 * present under a key of its own), each call made one after another from one thread; what a join
 * costs with presence ({@code groupAdd} then {@code presenceJoin}, which also sends the join event)
 * against a {@code groupAdd} alone; and, as the floor under any of them, a Lettuce PING round trip
 * on the same machine. Times are microseconds, p50 and p99 of {@code CALLS} calls after a warm-up.
 *
 * <p>Argument: the Redis URL (redis://127.0.0.1:6379/0). Keys are written under a prefix of the
 * probe's own and flushed at the end.
 */
public final class PresenceProbe {

  private static final int CALLS = 2000;
  private static final int WARMUP = 300;
  private static final int IN_FLIGHT = 1000;

  private PresenceProbe() {}

  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0] : "redis://127.0.0.1:6379/0";
    String prefix = "presence-probe-" + ProcessHandle.current().pid() + ":";
    RedisChannelLayer layer =
        RedisChannelLayer.builder()
            .options(
                RedisLayerOptions.builder()
                    .hosts(List.of(url))
                    .prefix(prefix)
                    .commandTimeout(java.time.Duration.ofSeconds(30))
                    .build())
            .build();
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> raw = client.connect()) {
      print("floor: PING", time(() -> CompletableFuture.completedFuture(raw.sync().ping())));
      for (int size : new int[] {10, 10_000, 100_000}) {
        String group = "probe_" + size;
        fill(layer, group, size);
        print("groupSize, " + size + " members", time(() -> layer.groupSize(group)));
        print(
            "presence first page (100 keys), " + size + " members",
            time(() -> layer.presence(group, null, 100)));
        String zset = prefix + ":group:" + group;
        print(
            "floor: ZCOUNT by hand, " + size + " members",
            time(
                () ->
                    CompletableFuture.completedFuture(
                        raw.sync()
                            .zcount(zset, io.lettuce.core.Range.create(0, Double.MAX_VALUE)))));
      }
      print(
          "join without presence: groupAdd",
          time(() -> layer.groupAdd("probe_join", layer.newChannel())));
      print(
          "join with presence: groupAdd, then presenceJoin",
          time(
              () -> {
                String channel = layer.newChannel();
                return layer
                    .groupAdd("probe_joinp", channel)
                    .thenCompose(
                        done ->
                            layer.presenceJoin(
                                "probe_joinp", channel, channel, Map.of("name", "n")));
              }));
    } finally {
      try {
        layer.flush().join();
      } catch (RuntimeException e) {
        System.out.println("Could not delete the probe's keys under " + prefix + ": " + e);
      }
      layer.close();
      client.shutdown();
    }
  }

  // Members and presence entries, many in flight at a time.
  private static void fill(ChannelLayer layer, String group, int size) throws InterruptedException {
    Semaphore window = new Semaphore(IN_FLIGHT);
    for (int i = 0; i < size; i++) {
      window.acquire();
      String channel = layer.newChannel();
      String key = "user%06d".formatted(i);
      layer
          .groupAdd(group, channel)
          .thenCompose(done -> layer.presenceJoin(group, channel, key, Map.of("name", key)))
          .whenComplete((done, failure) -> window.release());
    }
    window.acquire(IN_FLIGHT);
  }

  private static long[] time(Supplier<CompletableFuture<?>> call) {
    for (int i = 0; i < WARMUP; i++) {
      call.get().join();
    }
    long[] micros = new long[CALLS];
    for (int i = 0; i < CALLS; i++) {
      long started = System.nanoTime();
      call.get().join();
      micros[i] = (System.nanoTime() - started) / 1000;
    }
    Arrays.sort(micros);
    return micros;
  }

  private static void print(String what, long[] sorted) {
    List<String> figures = new ArrayList<>();
    figures.add("p50 " + sorted[sorted.length / 2] + " us");
    figures.add("p99 " + sorted[sorted.length * 99 / 100] + " us");
    System.out.println(what + ": " + String.join(", ", figures));
  }
}
