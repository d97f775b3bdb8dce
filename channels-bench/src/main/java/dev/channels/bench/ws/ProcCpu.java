package dev.channels.bench.ws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time as Linux counts it, in clock ticks: a process's utime + stime from {@code
 * /proc/<pid>/stat} (all its threads, its JIT and GC included), and the whole machine's busy and
 * total time from {@code /proc/stat}.
 */
final class ProcCpu {

  private ProcCpu() {}

  /** utime + stime of {@code pid}, in ticks; -1 if the process is gone. */
  static long processTicks(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return -1;
    }
    // The command name, in parentheses, may hold spaces; fields are counted after it. Field 3 is
    // the state, 14 utime and 15 stime (proc(5)), so indices 11 and 12 after the parenthesis.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** The machine's {busy, total} ticks over all cores since boot; idle and iowait are not busy. */
  static long[] machineTicks() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] fields = cpu.trim().split("\\s+");
      long total = 0;
      for (int i = 1; i <= 8 && i < fields.length; i++) { // user … steal; guest is inside user
        total += Long.parseLong(fields[i]);
      }
      long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
      return new long[] {total - idle, total};
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/stat", e);
    }
  }

  /** Clock ticks per second, as {@code getconf CLK_TCK} says (100 on Linux almost always). */
  static int ticksPerSecond() throws IOException, InterruptedException {
    Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
    String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (getconf.waitFor() != 0) {
      throw new IllegalStateException("getconf CLK_TCK failed: " + out);
    }
    return Integer.parseInt(out.trim());
  }
}
