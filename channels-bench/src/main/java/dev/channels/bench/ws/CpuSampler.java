package dev.channels.bench.ws;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CPU time of the processes of a run every few milliseconds while the load runs. The
 * run's CPU window ends at the first reading after the client's last delivery rather than when the
 * client reports: a run that loses frames waits out a quiet period before it reports, and those
 * idle seconds are not the load's.
 */
final class CpuSampler implements AutoCloseable {

  private static final long PERIOD_MILLIS = 20;

  /** One reading: ticks per watched process (-1 for none), and the machine's busy and total. */
  record Sample(long epochMicros, long[] ticks, long machineBusy, long machineTotal) {}

  private final long[] pids;
  private final List<Sample> samples = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  CpuSampler(long[] pids) {
    this.pids = pids.clone();
    samples.add(sampleNow());
    thread = new Thread(this::loop, "cpu-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  /** The reading taken when this sampler was made. */
  synchronized Sample first() {
    return samples.get(0);
  }

  /** The first reading at or after {@code epochMicros}, taking one now if there is none yet. */
  synchronized Sample firstAtOrAfter(long epochMicros) {
    for (Sample sample : samples) {
      if (sample.epochMicros() >= epochMicros) {
        return sample;
      }
    }
    Sample now = sampleNow();
    samples.add(now);
    return now;
  }

  private void loop() {
    while (running) {
      Sample sample = sampleNow();
      synchronized (this) {
        samples.add(sample);
      }
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private Sample sampleNow() {
    long epochMicros = EpochMicros.now();
    long[] ticks = new long[pids.length];
    for (int i = 0; i < pids.length; i++) {
      ticks[i] = pids[i] < 0 ? -1 : ProcCpu.processTicks(pids[i]);
    }
    long[] machine = ProcCpu.machineTicks();
    return new Sample(epochMicros, ticks, machine[0], machine[1]);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt(); // it holds no lock while sleeping, and a reading is worth no wait
  }
}
