package dev.channels.redis.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real Redis servers for tests. {@link #url()} finds one (REDIS_URL, else 127.0.0.1:6379) or starts
 * {@code redis-server} on a free port; with CI=true a missing Redis fails the test instead of
 * skipping it. {@link #start(String...)} starts an extra server of a test's own, stopped when the
 * JVM exits or when the test asks.
 */
public final class RedisServers {

  private static volatile String shared;

  private RedisServers() {}

  /** A redis:// URL of a server the tests may use, with a database of their own. */
  public static synchronized String url() {
    if (shared == null) {
      shared = find();
    }
    return shared;
  }

  private static String find() {
    String configured = System.getenv("REDIS_URL");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    if (answers(6379)) {
      return "redis://127.0.0.1:6379/0";
    }
    if (installed()) {
      return start().url();
    }
    String problem =
        "No Redis answers at 127.0.0.1:6379, REDIS_URL is not set and redis-server is not"
            + " installed. Install it (apt-get install redis-server) or point REDIS_URL at a server.";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(problem);
    }
    Assumptions.abort(problem);
    throw new AssertionError(problem);
  }

  /** Starts a server of the test's own on a free port, with extra {@code redis-server} args. */
  public static Process start(String... extraArgs) {
    return startOn(freePort(), extraArgs);
  }

  /** Starts a server on {@code port}, as a restart of one that ran there would. */
  public static Process startOn(int port, String... extraArgs) {
    try {

      Path dir = Files.createTempDirectory("redis-test");
      // A config file must come first; redis-server reads the options after it.
      List<String> extras = new ArrayList<>(List.of(extraArgs));
      List<String> command = new ArrayList<>(List.of("redis-server"));
      if (!extras.isEmpty() && extras.get(0).endsWith(".conf")) {
        command.add(extras.remove(0));
      }
      command.addAll(
          List.of(
              "--port",
              Integer.toString(port),
              "--bind",
              "127.0.0.1",
              "--save",
              "",
              "--appendonly",
              "no",
              "--dir",
              dir.toString()));
      command.addAll(extras);
      java.lang.Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      Process server = new Process(process, port, dir);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new AssertionError("Could not start redis-server: " + e.getMessage(), e);
    }
  }

  /** Starts a sentinel on a free port, watching the master on {@code masterPort} as "mymaster". */
  public static Process startSentinel(int masterPort) {
    try {
      Path config = Files.createTempFile("sentinel", ".conf");
      Files.writeString(
          config,
          "sentinel monitor mymaster 127.0.0.1 "
              + masterPort
              + " 1\n"
              + "sentinel down-after-milliseconds mymaster 5000\n");
      return startOn(freePort(), config.toString(), "--sentinel");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Starts a server with a TLS port (the one it reports), its certificate for localhost and
   * 127.0.0.1 signed by a test CA made for it; {@link Process#dir()} holds {@code ca.crt}.
   */
  public static Process startTls() {
    try {
      Path certs = Files.createTempDirectory("redis-tls");
      run(
          certs,
          "openssl",
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-keyout",
          "ca.key",
          "-out",
          "ca.crt",
          "-subj",
          "/CN=Spring Channels test CA",
          "-days",
          "2");
      run(
          certs,
          "openssl",
          "req",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-keyout",
          "redis.key",
          "-out",
          "redis.csr",
          "-subj",
          "/CN=localhost");
      Files.writeString(certs.resolve("ext.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
      run(
          certs,
          "openssl",
          "x509",
          "-req",
          "-in",
          "redis.csr",
          "-CA",
          "ca.crt",
          "-CAkey",
          "ca.key",
          "-CAcreateserial",
          "-out",
          "redis.crt",
          "-days",
          "2",
          "-extfile",
          "ext.cnf");
      int port = freePort();
      Process server = startOnTls(port, certs);
      return server;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Process startOnTls(int port, Path certs) {
    Process server =
        startOn(
            freePort(),
            "--tls-port",
            Integer.toString(port),
            "--tls-cert-file",
            certs.resolve("redis.crt").toString(),
            "--tls-key-file",
            certs.resolve("redis.key").toString(),
            "--tls-ca-cert-file",
            certs.resolve("ca.crt").toString(),
            "--tls-auth-clients",
            "no");
    return new Process(server.process, port, certs);
  }

  private static void run(Path dir, String... command) throws IOException {
    try {
      java.lang.Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("openssl.log").toFile())
              .start();
      if (process.waitFor() != 0) {
        throw new AssertionError("openssl failed; see " + dir.resolve("openssl.log"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Whether a Redis answers PING on 127.0.0.1:{@code port} without asking for a login. */
  public static boolean answers(int port) {
    return reply(port).startsWith("+PONG");
  }

  // Any reply at all, PONG or a demand to log in, means the server is up.
  private static boolean listening(int port) {
    String reply = reply(port);
    return reply.startsWith("+") || reply.startsWith("-");
  }

  private static String reply(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[7];
      int read = in.read(reply);
      return read > 0 ? new String(reply, 0, read, StandardCharsets.US_ASCII) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean installed() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (new File(dir, "redis-server").canExecute()) {
        return true;
      }
    }
    return false;
  }

  /** A free TCP port on the loopback interface. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** A redis-server a test started. */
  public static final class Process {

    private final java.lang.Process process;
    private final int port;
    private final Path dir;

    Process(java.lang.Process process, int port, Path dir) {
      this.process = process;
      this.port = port;
      this.dir = dir;
    }

    public int port() {
      return port;
    }

    public String url() {
      return "redis://127.0.0.1:" + port + "/0";
    }

    public Path dir() {
      return dir;
    }

    /** Kills it at once, as a crash would (SIGKILL). */
    public void kill() {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /**
     * Stops it without closing its connections (SIGSTOP), as a long fork, swapping or a debugger
     * would: clients stay connected and hear nothing. Only a server the test started can be paused,
     * never the shared one.
     */
    public void pause() {
      signal("STOP");
    }

    /** Lets a paused server go on (SIGCONT); it answers what waited meanwhile. */
    public void resume() {
      signal("CONT");
    }

    private void signal(String name) {
      try {
        java.lang.Process kill =
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
          throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
      } catch (IOException e) {
        throw new AssertionError(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    void awaitReady() {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        if (listening(port)) {
          return;
        }
        if (!process.isAlive()) {
          throw new AssertionError("redis-server exited at once; see " + dir.resolve("redis.log"));
        }
        Thread.onSpinWait();
      }
      throw new AssertionError("redis-server did not answer on port " + port + " within 10 s");
    }
  }
}
