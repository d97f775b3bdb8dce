package dev.channels.bench.ws;

import dev.channels.bench.ws.CpuSampler.Sample;

/**
 * One measured run: what the client saw, and the CPU time spent over the load window (from the go
 * signal to the first reading after the last delivery), in microseconds.
 *
 * @param serverCpuMicros the server processes', summed over a pair's instances
 * @param redisCpuMicros redis-server's, for the Redis-backed servers; -1 for the others
 * @param clientCpuMicros the load client's, to show it was not the bottleneck
 * @param otherCpuMicros every other process's on the machine (a build elsewhere shows here)
 * @param cpuWindowMicros wall time between the two CPU readings
 */
record RunFigures(
    ClientFigures client,
    long serverCpuMicros,
    long redisCpuMicros,
    long clientCpuMicros,
    long otherCpuMicros,
    long cpuWindowMicros) {

  /**
   * Figures from two readings whose processes are, in order: {@code servers} server instances,
   * Redis (-1 ticks if not watched), the load client.
   */
  static RunFigures of(
      ClientFigures client, Sample start, Sample end, int servers, int ticksPerSecond) {
    double microsPerTick = 1_000_000.0 / ticksPerSecond;
    long serverTicks = 0;
    for (int i = 0; i < servers; i++) {
      serverTicks += delta(start, end, i);
    }
    boolean redisWatched = start.ticks()[servers] >= 0;
    long redisTicks = redisWatched ? delta(start, end, servers) : 0;
    long clientTicks = delta(start, end, servers + 1);
    long otherTicks =
        (end.machineBusy() - start.machineBusy()) - serverTicks - redisTicks - clientTicks;
    return new RunFigures(
        client,
        Math.round(serverTicks * microsPerTick),
        redisWatched ? Math.round(redisTicks * microsPerTick) : -1,
        Math.round(clientTicks * microsPerTick),
        Math.round(Math.max(0, otherTicks) * microsPerTick),
        end.epochMicros() - start.epochMicros());
  }

  private static long delta(Sample start, Sample end, int index) {
    if (start.ticks()[index] < 0 || end.ticks()[index] < 0) {
      throw new IllegalStateException("a watched process exited during the run");
    }
    return end.ticks()[index] - start.ticks()[index];
  }

  double lossPercent() {
    return 100.0 * (client.expected() - client.delivered()) / client.expected();
  }

  double serverMicrosPerFrame() {
    return client.delivered() == 0 ? Double.NaN : (double) serverCpuMicros / client.delivered();
  }

  /** Server and Redis CPU per delivered frame; the server's alone where Redis is not used. */
  double withRedisMicrosPerFrame() {
    long redis = Math.max(0, redisCpuMicros);
    return client.delivered() == 0
        ? Double.NaN
        : (double) (serverCpuMicros + redis) / client.delivered();
  }

  /** Delivered frames per second of the client's window, first send to last delivery. */
  double framesPerSecond() {
    return client.windowMicros() == 0 ? 0 : client.delivered() * 1e6 / client.windowMicros();
  }

  /** The load client's CPU over the window, in cores. */
  double clientCores() {
    return cpuWindowMicros == 0 ? 0 : (double) clientCpuMicros / cpuWindowMicros;
  }

  /** Every other process's CPU over the window, in cores. */
  double otherCores() {
    return cpuWindowMicros == 0 ? 0 : (double) otherCpuMicros / cpuWindowMicros;
  }
}
