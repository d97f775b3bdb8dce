package dev.channels.spring.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.test.HeapGauge;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Heap per idle WebSocket session, for a Spring Channels consumer and for a plain Spring {@code
 * TextWebSocketHandler}, measured in one run. The server runs in this JVM; the clients, {@code
 * scale.sessions} of them (10,000 unless told), run in a process of their own so that neither side
 * needs more file descriptors than {@code ulimit -n} gives one process.
 */
class IdleSessionFootprintTest {

  private static final int SESSIONS = Integer.getInteger("scale.sessions", 10_000);

  /**
   * The target is 20 KiB per session beyond Spring's own. Heap readings after full
   * collections still move by a few hundred KiB between runs; over 10,000 sessions that is tens of
   * bytes per session, far inside the bound, so the assertion cannot flake on noise.
   */
  private static final long TARGET_OVERHEAD_BYTES = 20 * 1024;

  @Test
  void aConsumerSessionCostsAtMost20KiBOfHeapMoreThanAPlainSpringSession() throws Exception {
    Footprint plain;
    try (ConfigurableApplicationContext app = start(ScaleApps.Plain.class, "plain")) {
      ScaleApps.PlainHandler handler = app.getBean(ScaleApps.PlainHandler.class);
      plain = measure(port(app), "/ws/plain/", handler.connected::get);
    }
    Footprint channels;
    try (ConfigurableApplicationContext app = start(ScaleApps.Channels.class, "channels")) {
      ScaleApps.Room room = app.getBean(ScaleApps.Room.class);
      channels = measure(port(app), "/ws/room/idle/", room.connected::get);
    }

    long overhead = channels.perSession() - plain.perSession();
    System.out.printf(
        "[idle sessions] %,d idle sessions. Plain Spring TextWebSocketHandler: %,d B per session."
            + " Spring Channels consumer (in-memory layer, one group): %,d B per session."
            + " Overhead: %,d B (%.1f KiB) per session; target <= 20 KiB.%n"
            + "  Plain, largest growth per session:%n%s%n"
            + "  Channels, largest growth per session:%n%s%n",
        SESSIONS,
        plain.perSession(),
        channels.perSession(),
        overhead,
        overhead / 1024.0,
        plain.growth(),
        channels.growth());
    assertThat(overhead).isLessThanOrEqualTo(TARGET_OVERHEAD_BYTES);
  }

  record Footprint(long perSession, String growth) {}

  private static ConfigurableApplicationContext start(Class<?> app, String name) {
    return new SpringApplicationBuilder(app)
        .run(
            "--server.port=0",
            "--spring.application.name=" + name,
            "--logging.level.root=WARN",
            // Tomcat's default is 8192; the test holds all sessions at once.
            "--server.tomcat.max-connections=" + (SESSIONS + 1000));
  }

  private static int port(ConfigurableApplicationContext app) {
    return ((WebServerApplicationContext) app).getWebServer().getPort();
  }

  /**
   * Connects a few hundred clients and lets them go first, so classes loaded and caches filled by
   * the first sessions are not counted against the measured ones.
   */
  private static Footprint measure(int port, String path, IntSupplier connected) throws Exception {
    Clients warmUp = Clients.connect(port, path, 200);
    awaitConnected(connected, 200);
    warmUp.close();
    awaitConnected(connected, 0);
    long before = HeapGauge.settledHeap();
    HeapHistogram histogramBefore = HeapHistogram.take();
    Clients clients = Clients.connect(port, path, SESSIONS);
    try {
      awaitConnected(connected, SESSIONS);
      long after = HeapGauge.settledHeap();
      HeapHistogram histogramAfter = HeapHistogram.take();
      return new Footprint(
          (after - before) / SESSIONS, histogramAfter.growthSince(histogramBefore, SESSIONS, 12));
    } finally {
      clients.close();
      awaitConnected(connected, 0);
    }
  }

  private static void awaitConnected(IntSupplier connected, int count) {
    Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> connected.getAsInt() == count);
  }

  /** The {@link IdleClients} process. */
  private static final class Clients {

    private final Process process;

    private Clients(Process process) {
      this.process = process;
    }

    static Clients connect(int port, String path, int count) throws Exception {
      String java =
          System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
      Process process =
          new ProcessBuilder(
                  java,
                  "-Xmx512m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  IdleClients.class.getName(),
                  Integer.toString(port),
                  path,
                  Integer.toString(count))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      Clients clients = new Clients(process);
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
      String line = out.readLine();
      if (line == null || !line.equals("CONNECTED " + count)) {
        clients.close();
        throw new IllegalStateException("The client process did not connect: " + line);
      }
      return clients;
    }

    void close() throws IOException {
      try (OutputStream in = process.getOutputStream()) {
        in.write('\n');
      }
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
