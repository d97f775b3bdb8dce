package dev.channels.rabbitmq.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Python's msgpack (Debian's python3-msgpack), which channels_rabbitmq encodes its bodies with
 * ({@code msgpack.packb(data)}): the bytes a Django peer would send or expect. Missing, it fails
 * the test with CI=true and skips it otherwise.
 */
public final class PythonMsgpack {

  private static final File PYTHON = new File("/usr/bin/python3");

  private PythonMsgpack() {}

  /** {@code msgpack.packb(<pythonLiteral>)}, such as {@code {"type": "chat.message"}}. */
  public static byte[] packb(String pythonLiteral) {
    requirePython();
    try {
      Process process =
          new ProcessBuilder(
                  PYTHON.getPath(),
                  "-c",
                  "import msgpack, sys; sys.stdout.buffer.write(msgpack.packb("
                      + pythonLiteral
                      + "))")
              .start();
      byte[] out;
      try (InputStream stdout = process.getInputStream()) {
        out = stdout.readAllBytes();
      }
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError(
            "python3 could not pack %s: %s"
                .formatted(pythonLiteral, new String(process.getErrorStream().readAllBytes())));
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError("Cannot run " + PYTHON + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void requirePython() {
    boolean found;
    try {
      found =
          PYTHON.canExecute()
              && new ProcessBuilder(PYTHON.getPath(), "-c", "import msgpack").start().waitFor()
                  == 0;
    } catch (IOException e) {
      found = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      found = false;
    }
    if (found) {
      return;
    }
    String problem =
        "The layout tests compare bodies with Python's msgpack: sudo apt-get install python3-msgpack";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(problem);
    }
    Assumptions.abort(problem);
  }
}
