package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Message;
import dev.channels.codec.MessagePackCodec;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Django Channels process (channels_redis's RedisChannelLayer, run by Debian's python3) that the
 * interop tests talk to through Redis. What it receives comes back as MessagePack, so types compare
 * exactly.
 */
final class DjangoPeer implements AutoCloseable {

  private static final File PYTHON = new File("/usr/bin/python3");

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final StringBuilder errors = new StringBuilder();

  private DjangoPeer(List<String> command) throws IOException {
    process = new ProcessBuilder(command).start();
    daemon(() -> pump(process.inputReader(StandardCharsets.UTF_8), lines));
    daemon(() -> pump(process.errorReader(StandardCharsets.UTF_8), errors));
  }

  static DjangoPeer run(String url, String prefix, List<String> keys, String... command)
      throws IOException {
    if (!PYTHON.canExecute()) {
      throw new AssertionError(
          "Interop tests need Debian's python3 with python3-channels-redis: sudo apt-get install python3-channels-redis");
    }
    Path script = Files.createTempFile("django-peer", ".py");
    try (var in = DjangoPeer.class.getResourceAsStream("/interop/peer.py")) {
      Files.write(script, in.readAllBytes());
    }
    script.toFile().deleteOnExit();
    List<String> args =
        new ArrayList<>(
            List.of(
                PYTHON.getPath(),
                script.toString(),
                url,
                prefix,
                keys.isEmpty() ? "-" : String.join(",", keys)));
    args.addAll(List.of(command));
    return new DjangoPeer(args);
  }

  static String hex(Message message) {
    return HexFormat.of().formatHex(MessagePackCodec.encode(message));
  }

  /** The channel the peer announced with "ready". */
  String awaitReady() throws InterruptedException {
    return expect("ready");
  }

  /** The next message the peer received. */
  Message awaitMessage() throws InterruptedException {
    return MessagePackCodec.decode(HexFormat.of().parseHex(expect("message")));
  }

  void awaitSent() throws InterruptedException {
    expect("sent");
  }

  private String expect(String word) throws InterruptedException {
    String line = lines.poll(30, TimeUnit.SECONDS);
    assertThat(line)
        .as("the Django peer to say '%s'; it wrote to stderr: %s", word, errors)
        .isNotNull()
        .startsWith(word);
    return line.substring(word.length()).trim();
  }

  @Override
  public void close() {
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void daemon(Runnable task) {
    Thread thread = new Thread(task, "django-peer-output");
    thread.setDaemon(true);
    thread.start();
  }

  private static void pump(BufferedReader reader, Object sink) {

    try (reader) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (sink instanceof BlockingQueue<?>) {
          @SuppressWarnings("unchecked")
          BlockingQueue<String> queue = (BlockingQueue<String>) sink;
          queue.add(line);
        } else {
          synchronized (sink) {
            ((StringBuilder) sink).append(line).append('\n');
          }
        }
      }
    } catch (IOException e) {
      // The process ended.
    }
  }
}
