package dev.channels.bench.ws;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The harness's command line, {@code --name=value} each:
 *
 * <pre>
 * --servers=ours-memory,ours-redis,handwritten,handwritten-redis,django-redis   (all by default)
 * --rooms=4 --clients=25 --messages=200   the load: clients per room, messages per room's sender
 * --runs=3 --warmups=1                    measured runs per server, after unreported warm-ups
 * --quiet-ms=5000 --timeout-s=120         a run ends after this long without frames, or at most
 * --ours-args="--a=b --c=d"               extra arguments for our sample app's instances only
 * --redis=127.0.0.1:6379                  the Redis every Redis-backed server uses
 * --python=/usr/bin/python3               Debian's, which sees python3-daphne and channels_redis
 * --sample-jar=channels-sample-app/target/channels-sample-app-*.jar (found when not given)
 * --out=channels-bench/target/ws-bench    logs, results.md and the pid file
 * --start-timeout-s=120                   how long a server may take to answer HTTP
 * </pre>
 */
record BenchOptions(
    List<ServerKind> servers,
    int rooms,
    int clients,
    int messages,
    int runs,
    int warmups,
    Duration quiet,
    Duration runTimeout,
    List<String> oursArgs,
    String redisHost,
    int redisPort,
    String python,
    Path sampleJar,
    Path out,
    Duration startTimeout) {

  static BenchOptions parse(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (String arg : argv) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      int equals = arg.indexOf('=');
      args.put(arg.substring(2, equals), arg.substring(equals + 1));
    }
    String servers = args.getOrDefault("servers", "all");
    String[] redis = args.getOrDefault("redis", "127.0.0.1:6379").split(":");
    String oursArgs = args.getOrDefault("ours-args", "").trim();
    BenchOptions options =
        new BenchOptions(
            servers.equals("all")
                ? List.of(ServerKind.values())
                : Arrays.stream(servers.split(",")).map(ServerKind::byKey).toList(),
            Integer.parseInt(args.getOrDefault("rooms", "4")),
            Integer.parseInt(args.getOrDefault("clients", "25")),
            Integer.parseInt(args.getOrDefault("messages", "200")),
            Integer.parseInt(args.getOrDefault("runs", "3")),
            Integer.parseInt(args.getOrDefault("warmups", "1")),
            Duration.ofMillis(Long.parseLong(args.getOrDefault("quiet-ms", "5000"))),
            Duration.ofSeconds(Long.parseLong(args.getOrDefault("timeout-s", "120"))),
            oursArgs.isEmpty() ? List.of() : List.of(oursArgs.split("\\s+")),
            redis[0],
            Integer.parseInt(redis[1]),
            args.getOrDefault("python", "/usr/bin/python3"),
            args.containsKey("sample-jar") ? Path.of(args.get("sample-jar")) : findSampleJar(),
            Path.of(args.getOrDefault("out", "channels-bench/target/ws-bench")),
            Duration.ofSeconds(Long.parseLong(args.getOrDefault("start-timeout-s", "120"))));
    args.keySet().removeAll(KNOWN);
    if (!args.isEmpty()) {
      throw new IllegalArgumentException("unknown options " + args.keySet());
    }
    return options;
  }

  private static final List<String> KNOWN =
      List.of(
          "servers",
          "rooms",
          "clients",
          "messages",
          "runs",
          "warmups",
          "quiet-ms",
          "timeout-s",
          "ours-args",
          "redis",
          "python",
          "sample-jar",
          "out",
          "start-timeout-s");

  /** The load client's arguments for this load. */
  List<String> loadArgs() {
    return List.of(
        "rooms=" + rooms,
        "clients=" + clients,
        "messages=" + messages,
        "quiet-ms=" + quiet.toMillis(),
        "timeout-s=" + runTimeout.toSeconds());
  }

  int expectedDeliveries() {
    return rooms * clients * messages;
  }

  // The repackaged (runnable) jar; Boot keeps the plain one as *.jar.original.
  private static Path findSampleJar() throws Exception {
    Path target = Path.of("channels-sample-app", "target");
    List<Path> jars = new ArrayList<>();
    if (Files.isDirectory(target)) {
      try (var files = Files.list(target)) {
        files
            .filter(path -> path.getFileName().toString().matches("channels-sample-app-.*\\.jar"))
            .forEach(jars::add);
      }
    }
    if (jars.size() != 1) {
      throw new IllegalStateException(
          "expected one channels-sample-app jar in "
              + target.toAbsolutePath()
              + ", found "
              + jars
              + "; build it with ./mvnw -pl channels-sample-app -am package -DskipTests");
    }
    return jars.get(0);
  }
}
