package dev.channels.bench.ws.client;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The load client process of the WebSocket harness ({@code dev.channels.bench.ws.WsBench}), kept
 * out of the servers' processes so that they do not share a JVM, a heap or a JIT. One process
 * serves every run against one server under test, so its own JIT is warm after the warm-up run.
 *
 * <p>Arguments: {@code rooms=4 clients=25 messages=200 quiet-ms=5000 timeout-s=120}. It then talks
 * with the harness over stdin and stdout, one line each:
 *
 * <pre>
 * harness: RUN roomPrefix ws://host:port[,ws://host:port]
 * client:  CONNECTED                 (every client receives from its room)
 * harness: GO                        (the harness has read the servers' CPU)
 * client:  RESULT key=value...       (see ClientFigures), or FAILED reason at any step
 * client:  CLOSED                    (every connection closed; ready for the next RUN)
 * harness: EXIT
 * </pre>
 */
public final class LoadClient {

  private LoadClient() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (String arg : argv) {
      int equals = arg.indexOf('=');
      args.put(arg.substring(0, equals), arg.substring(equals + 1));
    }
    LoadShape shape = LoadShape.parse(args);
    HttpClient http = HttpClient.newHttpClient();
    BufferedReader harness =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = harness.readLine(); line != null; line = harness.readLine()) {
      String[] words = line.trim().split(" ");
      if (words[0].equals("EXIT")) {
        break;
      }
      if (words[0].equals("RUN")) {
        List<URI> bases = Arrays.stream(words[2].split(",")).map(URI::create).toList();
        run(new ClientRun(http, shape, bases, words[1]), harness);
      }
    }
    System.exit(0);
  }

  private static void run(ClientRun run, BufferedReader harness) throws Exception {
    System.err.println("run in rooms " + run.roomPrefix() + "_*"); // for the log's short lines
    try {
      run.connect();
      run.awaitJoined();
      say("CONNECTED");
      String go = harness.readLine();
      if (!"GO".equals(go)) {
        throw new IllegalStateException("expected GO, got " + go);
      }
      say("RESULT " + run.load().toLine());
    } catch (Exception e) {
      say("FAILED " + e.toString().replace('\n', ' '));
    } finally {
      run.close();
      say("CLOSED");
    }
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
