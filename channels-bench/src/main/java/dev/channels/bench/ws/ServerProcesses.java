package dev.channels.bench.ws;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The running instances of one server under test, each a process of its own on a free port, its
 * output in a log file of its own.
 */
final class ServerProcesses implements AutoCloseable {

  private final StartedProcesses registry;
  private final List<Process> processes = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();

  private ServerProcesses(StartedProcesses registry) {
    this.registry = registry;
  }

  /** Starts every instance of {@code kind}, one after another, and waits until each answers. */
  static ServerProcesses start(
      ServerKind kind, String prefix, BenchOptions options, StartedProcesses registry)
      throws Exception {
    ServerProcesses servers = new ServerProcesses(registry);
    try {
      for (int instance = 0; instance < kind.instances; instance++) {
        int port = freePort();
        Path log = options.out().resolve("logs").resolve(kind.key + "-" + instance + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = kind.command(port, prefix, options);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        servers.processes.add(registry.start(builder));
        servers.ports.add(port);
        servers.logs.add(log);
        servers.awaitReady(instance, options.startTimeout());
      }
      return servers;
    } catch (Exception e) {
      servers.close();
      throw e;
    }
  }

  long[] pids() {
    return processes.stream().mapToLong(Process::pid).toArray();
  }

  /** The instances' WebSocket base URLs, comma-separated, as the load client takes them. */
  String webSocketBases() {
    return ports.stream().map(port -> "ws://127.0.0.1:" + port).collect(Collectors.joining(","));
  }

  /** Fails if an instance has exited, as a crashed server must not be measured as a slow one. */
  void checkAlive() throws IOException {
    for (int i = 0; i < processes.size(); i++) {
      if (!processes.get(i).isAlive()) {
        throw new IllegalStateException("instance " + i + " exited; log:\n" + tail(logs.get(i)));
      }
    }
  }

  // Ready when it answers an HTTP GET of / with any status: the sample app serves its index
  // there, the hand-written app and daphne a 404; all of them listen for WebSockets by then.
  private void awaitReady(int instance, Duration timeout) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + ports.get(instance) + "/");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest get = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      checkAlive();
      try {
        http.send(get, HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException notYet) {
        Thread.sleep(250);
      }
    }
    throw new IllegalStateException(
        "instance "
            + instance
            + " did not answer in "
            + timeout
            + "; log:\n"
            + tail(logs.get(instance)));
  }

  // Another process may take the port between this check and the server's bind; the server would
  // then fail to start, which awaitReady reports.
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  @Override
  public void close() {
    for (Process process : processes) {
      registry.stop(process);
    }
  }
}
