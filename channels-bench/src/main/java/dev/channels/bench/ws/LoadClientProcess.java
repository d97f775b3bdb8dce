package dev.channels.bench.ws;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The load client ({@code dev.channels.bench.ws.client.LoadClient}) as a process of its own, and
 * the harness's side of their line protocol. A reader thread queues the client's lines so that
 * every wait for one can time out.
 */
final class LoadClientProcess implements AutoCloseable {

  private static final String CLIENT_MAIN = "dev.channels.bench.ws.client.LoadClient";
  private static final String ENDED = "\u0000ended";

  private final StartedProcesses registry;
  private final Process process;
  private final PrintWriter toClient;
  private final BlockingQueue<String> fromClient = new LinkedBlockingQueue<>();

  LoadClientProcess(BenchOptions options, Path log, StartedProcesses registry) throws IOException {
    this.registry = registry;
    List<String> command =
        new ArrayList<>(List.of(ServerKind.java(), "-cp", ServerKind.benchJar(), CLIENT_MAIN));
    command.addAll(options.loadArgs());
    process = registry.start(new ProcessBuilder(command).redirectError(log.toFile()));
    toClient = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readLines, "load-client-reader");
    reader.setDaemon(true);
    reader.start();
  }

  long pid() {
    return process.pid();
  }

  void send(String line) {
    toClient.println(line);
  }

  /**
   * The client's next line, which must start with {@code word}; a FAILED line, the client's exit or
   * the timeout throw instead.
   */
  String await(String word, Duration timeout) throws InterruptedException {
    String line = fromClient.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new IllegalStateException("no " + word + " from the load client in " + timeout);
    }
    if (line.equals(ENDED)) {
      throw new IllegalStateException("the load client exited; see its log");
    }
    if (!line.startsWith(word)) {
      throw new IllegalStateException("load client: " + line);
    }
    return line.substring(word.length()).trim();
  }

  private void readLines() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        fromClient.add(line);
      }
    } catch (IOException e) {
      // the client is gone; ENDED says so
    }
    fromClient.add(ENDED);
  }

  @Override
  public void close() {
    send("EXIT");
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    registry.stop(process);
  }
}
