package dev.channels.bench.redis;

import dev.channels.Message;
import dev.channels.redis.RedisChannelLayer;
import dev.channels.redis.RedisLayerOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one group send costs Redis in a group written behind the layer's back with 100,000 bogus
 * members, each a queue of its own (the hostile report's case), run by {@code bench.sh huge-group}:
 * the longest single command Redis ran (its SLOWLOG, every command over 1 ms) and the script calls
 * it took, for the first send (which rebuilds and reads the group's index a chunk at a time) and
 * for later sends. Use a Redis of its own: the probe resets SLOWLOG and the command statistics.
 *
 * <p>Argument: the Redis URL (redis://127.0.0.1:6379/0).
 */
public final class HugeGroupProbe {

  private static final int MEMBERS = 100_000;

  private HugeGroupProbe() {}

  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0] : "redis://127.0.0.1:6379/0";
    String prefix = "huge-group-probe-" + ProcessHandle.current().pid();
    RedisClient client = RedisClient.create(url);
    RedisCommands<String, String> redis = client.connect().sync();
    RedisChannelLayer layer =
        RedisChannelLayer.builder()
            .options(RedisLayerOptions.builder().hosts(List.of(url)).prefix(prefix).build())
            .build();
    try {
      String reader = layer.newChannel();
      layer.groupAdd("huge", reader).join();
      plantBogusMembers(redis, prefix + ":group:huge");
      redis.configSet("slowlog-log-slower-than", "1000");
      for (int send = 0; send < 4; send++) {
        redis.slowlogReset();
        redis.configResetstat();
        long started = System.nanoTime();
        layer.groupSend("huge", Message.of("chat.message", "n", send)).join();
        double millis = (System.nanoTime() - started) / 1e6;
        layer.blocking().receive(reader, Duration.ofSeconds(30)).orElseThrow();
        System.out.printf(
            "send %d: %.0f ms in all; script calls %s; longest command %s%n",
            send, millis, scriptCalls(redis), longest(redis));
      }
    } finally {
      layer.flush().join();
      layer.close();
      for (String key : redis.keys(prefix + "*")) {
        redis.unlink(key);
      }
      client.shutdown();
    }
  }

  private static void plantBogusMembers(RedisCommands<String, String> redis, String group) {
    double now = System.currentTimeMillis() / 1000.0;
    Map<String, Double> batch = new HashMap<>();
    for (int i = 0; i < MEMBERS; i++) {
      batch.put("bogus.member" + i, now);
      if (batch.size() == 1000) {
        redis.zadd(group, toScored(batch));
        batch.clear();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static io.lettuce.core.ScoredValue<String>[] toScored(Map<String, Double> batch) {
    return batch.entrySet().stream()
        .map(e -> io.lettuce.core.ScoredValue.just(e.getValue(), e.getKey()))
        .toArray(io.lettuce.core.ScoredValue[]::new);
  }

  private static String scriptCalls(RedisCommands<String, String> redis) {
    String stats = redis.info("commandstats");
    long calls = 0;
    for (String line : stats.split("\r?\n")) {
      if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
        calls += Long.parseLong(line.replaceAll("^[^:]+:calls=(\\d+),.*", "$1"));
      }
    }
    return Long.toString(calls);
  }

  // The longest command in SLOWLOG, and what it was (the script's first key for a script).
  private static String longest(RedisCommands<String, String> redis) {
    long longest = 0;
    String what = "none over 1 ms";
    for (Object entry : redis.slowlogGet(128)) {
      List<?> fields = (List<?>) entry;
      long micros = (Long) fields.get(2);
      if (micros > longest) {
        longest = micros;
        List<?> command = (List<?>) fields.get(3);
        what = command.get(0) + (command.size() > 3 ? " " + command.get(3) : "");
      }
    }
    return "%.2f ms (%s)".formatted(longest / 1000.0, what);
  }
}
