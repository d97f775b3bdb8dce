package dev.channels.bench.ws;

import dev.channels.bench.ws.CpuSampler.Sample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.LongStream;

/**
 * Measures one server under test: starts its instances and a load client, makes the warm-up runs
 * (so that the JITs of servers and client have compiled the hot paths; not reported), then the
 * measured runs, and stops them all. Each run uses rooms of its own.
 */
final class ServerMeasurement {

  private static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final ServerKind kind;
  private final BenchOptions options;
  private final StartedProcesses registry;
  private final long redisPid;
  private final int ticksPerSecond;
  private final String session;

  ServerMeasurement(
      ServerKind kind,
      BenchOptions options,
      StartedProcesses registry,
      long redisPid,
      int ticksPerSecond,
      String session) {
    this.kind = kind;
    this.options = options;
    this.registry = registry;
    this.redisPid = redisPid;
    this.ticksPerSecond = ticksPerSecond;
    this.session = session;
  }

  void measure(ResultTable table) {
    System.out.println("== " + kind.title + " (" + kind.key + ")");
    String prefix = "wsb" + session + "k" + kind.ordinal(); // this pair's Redis keys only
    Path clientLog = options.out().resolve("logs").resolve(kind.key + "-client.log");
    try (ServerProcesses servers = ServerProcesses.start(kind, prefix, options, registry);
        LoadClientProcess client = new LoadClientProcess(options, clientLog, registry)) {
      for (int run = 0; run < options.warmups() + options.runs(); run++) {
        String rooms = session + "_" + kind.ordinal() + "_" + run;
        RunFigures figures = run(servers, client, rooms);
        boolean warmUp = run < options.warmups();
        String label = warmUp ? "warm-up " + (run + 1) : "run " + (run + 1 - options.warmups());
        System.out.println(ResultTable.progress(label, figures));
        if (!warmUp) {
          table.add(kind, figures);
        }
        Thread.sleep(1_000); // the last run's closes settle on the servers before the next
      }
    } catch (Exception e) {
      String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
      System.out.println("failed: " + e);
      table.failed(kind, reason);
    }
  }

  private RunFigures run(ServerProcesses servers, LoadClientProcess client, String rooms)
      throws Exception {
    client.send("RUN " + rooms + " " + servers.webSocketBases());
    try {
      client.await("CONNECTED", CONNECT_TIMEOUT);
      servers.checkAlive();
      RunFigures figures;
      try (CpuSampler sampler = new CpuSampler(watchedPids(servers, client))) {
        client.send("GO");
        Duration longest = options.runTimeout().plus(options.quiet()).plusSeconds(30);
        ClientFigures seen = ClientFigures.parse(client.await("RESULT", longest));
        long end = seen.delivered() == 0 ? EpochMicros.now() : seen.lastFrameEpochMicros();
        Sample last = sampler.firstAtOrAfter(end);
        figures = RunFigures.of(seen, sampler.first(), last, servers.pids().length, ticksPerSecond);
      }
      client.await("CLOSED", CLOSE_TIMEOUT);
      servers.checkAlive();
      return figures;
    } catch (IllegalStateException e) {
      // A FAILED line is followed by CLOSED once the client has closed its connections.
      try {
        client.await("CLOSED", CLOSE_TIMEOUT);
      } catch (IllegalStateException ignored) {
        // the client is gone or stuck; the caller stops it
      }
      throw e;
    }
  }

  // In the order RunFigures reads them: the server instances, Redis (-1: not watched), client.
  private long[] watchedPids(ServerProcesses servers, LoadClientProcess client) {
    long redis = kind.usesRedis ? redisPid : -1;
    return LongStream.concat(Arrays.stream(servers.pids()), LongStream.of(redis, client.pid()))
        .toArray();
  }
}
