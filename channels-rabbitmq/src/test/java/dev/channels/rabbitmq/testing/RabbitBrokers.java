package dev.channels.rabbitmq.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The RabbitMQ the tests use: the one at 127.0.0.1:5672 (guest/guest), or with CI=true a failure
 * when none answers there (else the test is skipped). Tests run in a virtual host of their own,
 * made with {@code rabbitmqctl} once per JVM and deleted when it exits, so they neither see nor
 * disturb what else runs on the broker; {@link #rabbitmqctl} also lists queues and connections, and
 * stops and starts the broker for the outage tests.
 */
public final class RabbitBrokers {

  /** Where the broker listens. */
  public static final String HOST = "127.0.0.1";

  /** The broker's AMQP port. */
  public static final int PORT = 5672;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static volatile String virtualHost;
  private static volatile boolean stopped;
  private static volatile boolean restoreHooked;

  private RabbitBrokers() {}

  /** The test virtual host, made on first use; fails or skips the test without a broker. */
  public static synchronized String virtualHost() {
    if (virtualHost == null) {
      requireBroker();
      String name = "channels-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
      rabbitmqctl("add_vhost", name);
      rabbitmqctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> rabbitmqctlQuietly("delete_vhost", name)));
      virtualHost = name;
    }
    return virtualHost;
  }

  /** An amqp:// URI of the test virtual host. */
  public static String uri() {
    return "amqp://guest:guest@%s:%d/%s".formatted(HOST, PORT, virtualHost());
  }

  /** A new connection factory on the test virtual host. */
  public static CachingConnectionFactory connectionFactory() {
    CachingConnectionFactory factory = new CachingConnectionFactory(HOST, PORT);
    factory.setUsername("guest");
    factory.setPassword("guest");
    factory.setVirtualHost(virtualHost());
    return factory;
  }

  /**
   * The rows {@code rabbitmqctl list_<what>} prints for the test virtual host, with {@code
   * columns}, such as {@code list("queues", "name", "arguments")}.
   */
  public static List<Map<String, Object>> list(String what, String... columns) {
    List<String> args = new ArrayList<>(List.of("list_" + what, "-p", virtualHost()));
    args.addAll(List.of(columns));
    args.add("--formatter=json");
    return JSON.readValue(rabbitmqctl(args.toArray(String[]::new)), new TypeReference<>() {});
  }

  /**
   * The broker connections named {@code connectionName} (the AMQP client property connection_name),
   * with their name, virtual host and number of channels.
   */
  public static List<Map<String, Object>> connectionsNamed(String connectionName) {
    List<Map<String, Object>> all =
        JSON.readValue(
            rabbitmqctl(
                "list_connections",
                "name",
                "vhost",
                "channels",
                "client_properties",
                "--formatter=json"),
            new TypeReference<>() {});
    return all.stream()
        .filter(
            connection ->
                String.valueOf(connection.get("client_properties")).contains(", " + connectionName))
        .toList();
  }

  /** Closes the broker connections named {@code connectionName}, as an operator would. */
  public static void closeConnectionsNamed(String connectionName) {
    // The JSON formatter cannot print a process id; the plain one can, first on each line.
    List<String> pids =
        rabbitmqctl("list_connections", "pid", "client_properties")
            .lines()
            .filter(line -> line.contains("\"" + connectionName + "\""))
            .map(line -> line.substring(0, line.indexOf('\t')))
            .toList();
    if (pids.isEmpty()) {
      throw new AssertionError("No connection named " + connectionName);
    }
    pids.forEach(pid -> rabbitmqctl("close_connection", pid, "closed by a test"));
  }

  /** Runs {@code rabbitmqctl -q} with {@code args}; returns what it printed. */
  public static String rabbitmqctl(String... args) {
    List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output;
      try (InputStream out = process.getInputStream()) {
        output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError("%s failed: %s".formatted(command, output));
      }
      return output;
    } catch (IOException e) {
      throw new AssertionError("Cannot run rabbitmqctl, which the RabbitMQ tests need: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted running " + command, e);
    }
  }

  /**
   * Stops the broker's application ({@code rabbitmqctl stop_app}): every connection closes, and
   * nothing answers on the port until {@link #startApp()}. Should the test not start it again, a
   * hook does when the JVM exits, as other tests share the broker.
   */
  public static synchronized void stopApp() {
    requireBroker();
    if (!restoreHooked) {
      Runtime.getRuntime().addShutdownHook(new Thread(RabbitBrokers::startAppIfStopped));
      restoreHooked = true;
    }
    stopped = true;
    rabbitmqctl("stop_app");
  }

  /** Starts the broker's application again and waits until it answers. */
  public static synchronized void startApp() {
    rabbitmqctl("start_app");
    rabbitmqctl("await_startup");
    stopped = false;
  }

  /** Starts the broker's application if a test stopped it and has not started it again. */
  public static synchronized void startAppIfStopped() {
    if (stopped) {
      startApp();
    }
  }

  private static void rabbitmqctlQuietly(String... args) {
    try {
      rabbitmqctl(args);
    } catch (AssertionError ignored) {
      // The JVM is exiting; a virtual host left behind is harmless.
    }
  }

  /** Fails (with CI=true) or skips the test unless the broker answers. */
  public static void requireBroker() {
    if (answers()) {
      return;
    }
    String problem =
        "No RabbitMQ answers at %s:%d. Start one (apt-get install rabbitmq-server) with the guest user."
            .formatted(HOST, PORT);
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(problem);
    }
    Assumptions.abort(problem);
  }

  /** Whether something accepts connections on the broker's port. */
  public static boolean answers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, PORT), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
