package dev.channels.bench.ws;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The end-to-end WebSocket load harness: client → WebSocket → handler → group send → every member →
 * client, for Spring Channels' sample app and for reference servers, one server after another on
 * this machine. Run by {@code channels-bench/bench.sh ws}; options in {@link BenchOptions}.
 *
 * <p>Every server instance and the load client are processes of their own. Per server: start its
 * instances, wait until they answer HTTP, the warm-up runs (one by default), then the measured
 * runs. A run connects every client, waits until every room reaches all its clients, reads the CPU
 * time of the server processes, Redis and the client, lets the senders go, and reads the CPU time
 * again at the last delivery. Not a test: nothing here asserts a time.
 */
public final class WsBench {

  private WsBench() {}

  public static void main(String[] argv) throws Exception {
    BenchOptions options = BenchOptions.parse(argv);
    int ticksPerSecond = ProcCpu.ticksPerSecond();
    StartedProcesses registry = new StartedProcesses(options.out().resolve("pids"));
    boolean redisUsed = options.servers().stream().anyMatch(kind -> kind.usesRedis);
    long redisPid = redisUsed ? RedisServer.pid(options.redisHost(), options.redisPort()) : -1;
    String session = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
    String load =
        String.format(
            Locale.ROOT,
            "%d rooms × %d clients, one sender a room sending %d messages unpaced: %,d deliveries"
                + " a run; %d warm-up + %d measured runs a server; quiet period %d ms%s",
            options.rooms(),
            options.clients(),
            options.messages(),
            options.expectedDeliveries(),
            options.warmups(),
            options.runs(),
            options.quiet().toMillis(),
            options.oursArgs().isEmpty() ? "" : "; our servers with " + options.oursArgs());
    System.out.println("== load: " + load);

    long started = System.nanoTime();
    ResultTable table = new ResultTable();
    for (ServerKind kind : options.servers()) {
      new ServerMeasurement(kind, options, registry, redisPid, ticksPerSecond, session)
          .measure(table);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    String report =
        "Load: "
            + load
            + "\n\nMedian run of each server (by frames/s):\n\n"
            + table.medians()
            + "\nEvery measured run:\n\n"
            + table.allRuns()
            + String.format(
                Locale.ROOT, "\nTook %d min %d s.\n", took.toMinutes(), took.toSecondsPart());
    System.out.println();
    System.out.print(report);
    Files.writeString(options.out().resolve("results.md"), report);
    System.out.println("(also in " + options.out().resolve("results.md") + ")");
    registry.stopAll();
  }
}
