package dev.channels.bench.ws;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The servers the harness measures, and how to start one process of each. */
enum ServerKind {
  OURS_MEMORY("ours-memory", "Spring Channels sample app, in-memory layer", 1, false),
  OURS_REDIS("ours-redis", "Spring Channels sample app ×2, Redis layer", 2, true),
  HANDWRITTEN("handwritten", "Hand-written Spring WebSocket room", 1, false),
  HANDWRITTEN_REDIS(
      "handwritten-redis", "Hand-written Spring WebSocket ×2, Redis pub/sub", 2, true),
  DJANGO_REDIS("django-redis", "Django Channels tutorial, daphne ×2, channels_redis", 2, true);

  private static final String HANDWRITTEN_MAIN =
      "dev.channels.bench.ws.handwritten.HandwrittenChatApplication";
  private static final Path DJANGO_PEERS = Path.of("channels-bench", "peers");

  final String key;
  final String title;
  final int instances;
  final boolean usesRedis;

  ServerKind(String key, String title, int instances, boolean usesRedis) {
    this.key = key;
    this.title = title;
    this.instances = instances;
    this.usesRedis = usesRedis;
  }

  static ServerKind byKey(String key) {
    return Arrays.stream(values())
        .filter(kind -> kind.key.equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown server " + key));
  }

  /**
   * One instance listening on {@code port}. Our sample app runs with its default settings, JVM
   * flags included, except for the port, the Redis backend of a pair and {@code --ours-args};
   * {@code prefix} keeps each pair's Redis keys apart from every other run's.
   */
  ProcessBuilder command(int port, String prefix, BenchOptions options) {
    List<String> command = new ArrayList<>();
    ProcessBuilder builder = new ProcessBuilder(command);
    switch (this) {
      case OURS_MEMORY, OURS_REDIS -> {
        command.addAll(List.of(java(), "-jar", options.sampleJar().toString()));
        command.add("--server.port=" + port);
        if (usesRedis) {
          command.add("--channels.layers.default.backend=redis");
          command.add("--channels.layers.default.prefix=" + prefix);
          command.add("--spring.data.redis.host=" + options.redisHost());
          command.add("--spring.data.redis.port=" + options.redisPort());
        }
        command.addAll(options.oursArgs());
      }
      case HANDWRITTEN, HANDWRITTEN_REDIS -> {
        command.addAll(List.of(java(), "-cp", benchJar(), HANDWRITTEN_MAIN));
        command.add("--server.port=" + port);
        if (usesRedis) {
          command.add("--bench.relay=redis");
          command.add(
              "--bench.redis-uri=redis://" + options.redisHost() + ":" + options.redisPort());
        }
      }
      case DJANGO_REDIS -> {
        command.addAll(List.of(options.python(), "-m", "daphne", "-b", "127.0.0.1"));
        command.addAll(List.of("-p", Integer.toString(port), "django_chat.asgi:application"));
        builder.directory(DJANGO_PEERS.toFile());
        builder.environment().put("DJANGO_SETTINGS_MODULE", "django_chat.settings");
        builder.environment().put("BENCH_CHANNELS_PREFIX", prefix);
        builder.environment().put("BENCH_REDIS_HOST", options.redisHost());
        builder.environment().put("BENCH_REDIS_PORT", Integer.toString(options.redisPort()));
      }
    }
    return builder;
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** This harness's own classpath: the shaded benchmarks.jar, which holds the servers too. */
  static String benchJar() {
    return System.getProperty("java.class.path");
  }
}
