package dev.channels.bench.ws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Every process the harness started and has not yet stopped. They are stopped when the harness
 * exits, by a shutdown hook, and their pids are kept in a file for bench.sh's trap, which stops
 * them if the harness itself is killed without running its hook.
 */
final class StartedProcesses {

  private static final long GRACE_SECONDS = 15;

  private final Path pidFile;
  private final List<Process> live = new ArrayList<>();

  StartedProcesses(Path pidFile) throws IOException {
    this.pidFile = pidFile;
    Files.createDirectories(pidFile.getParent());
    writePidFile();
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "stop-started-processes"));
  }

  synchronized Process start(ProcessBuilder builder) throws IOException {
    Process process = builder.start();
    live.add(process);
    writePidFile();
    return process;
  }

  /** Asks {@code process} to stop (SIGTERM), and kills it if it has not within the grace time. */
  synchronized void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    live.remove(process);
    writePidFile();
  }

  synchronized void stopAll() {
    for (Process process : new ArrayList<>(live)) {
      stop(process);
    }
  }

  private void writePidFile() {
    String pids = live.stream().map(process -> process.pid() + "\n").collect(Collectors.joining());
    try {
      Files.writeString(pidFile, pids);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
