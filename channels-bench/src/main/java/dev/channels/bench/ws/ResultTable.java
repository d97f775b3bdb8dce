package dev.channels.bench.ws;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The harness's tables, in Markdown so that docs/benchmarks.md can take them as printed: the median
 * run of each server (by frames a second), then every measured run with the details.
 */
final class ResultTable {

  private final Map<ServerKind, List<RunFigures>> runs = new LinkedHashMap<>();
  private final Map<ServerKind, String> failures = new LinkedHashMap<>();

  void add(ServerKind kind, RunFigures run) {
    runs.computeIfAbsent(kind, unused -> new ArrayList<>()).add(run);
  }

  void failed(ServerKind kind, String reason) {
    failures.put(kind, reason);
  }

  String medians() {
    StringBuilder out = new StringBuilder();
    out.append(
        "| Server | Delivered / expected | Loss | Closed by the server | Server CPU µs/frame |"
            + " With Redis µs/frame | Frames/s | p50 ms | p99 ms |\n");
    out.append("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |\n");
    runs.forEach(
        (kind, list) -> {
          RunFigures run = median(list);
          out.append(
              row(
                  kind.title,
                  delivered(run),
                  percent(run.lossPercent()),
                  closes(run.client()),
                  number(run.serverMicrosPerFrame(), 1),
                  run.redisCpuMicros() < 0 ? "" : number(run.withRedisMicrosPerFrame(), 1),
                  number(run.framesPerSecond(), 0),
                  millis(run.client().p50Micros()),
                  millis(run.client().p99Micros())));
        });
    failures.forEach(
        (kind, reason) ->
            out.append(row(kind.title, "failed: " + reason, "", "", "", "", "", "", "")));
    return out.toString();
  }

  String allRuns() {
    StringBuilder out = new StringBuilder();
    out.append(
        "| Server | Run | Delivered / expected | Loss | Clients short | Dup. | Out of order"
            + " | Closed by the server"
            + " | Server CPU µs/frame | Redis CPU µs/frame | Frames/s | Window ms | p50 ms | p99 ms"
            + " | Max ms | Client cores | Other cores | End |\n");
    out.append(
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---:"
            + " | ---: | ---: | ---: | --- |\n");
    runs.forEach(
        (kind, list) -> {
          for (int i = 0; i < list.size(); i++) {
            RunFigures run = list.get(i);
            ClientFigures client = run.client();
            out.append(
                row(
                    kind.key,
                    Integer.toString(i + 1),
                    delivered(run),
                    percent(run.lossPercent()),
                    Integer.toString(client.shortClients()),
                    Integer.toString(client.duplicates()),
                    Integer.toString(client.outOfOrder()),
                    closes(client),
                    number(run.serverMicrosPerFrame(), 1),
                    run.redisCpuMicros() < 0
                        ? ""
                        : number(
                            client.delivered() == 0
                                ? Double.NaN
                                : (double) run.redisCpuMicros() / client.delivered(),
                            1),
                    number(run.framesPerSecond(), 0),
                    number(client.windowMicros() / 1000.0, 0),
                    millis(client.p50Micros()),
                    millis(client.p99Micros()),
                    millis(client.maxMicros()),
                    number(run.clientCores(), 2),
                    number(run.otherCores(), 2),
                    client.end()));
          }
        });
    return out.toString();
  }

  /** One line per run, printed as the run ends. */
  static String progress(String label, RunFigures run) {
    ClientFigures client = run.client();
    return String.format(
        Locale.ROOT,
        "%s: %,d/%,d delivered (%d clients short), closes %s, server %.1f µs/frame%s,"
            + " %,.0f frames/s,"
            + " p50 %s ms, p99 %s ms, client %.2f cores, others %.2f cores, %s",
        label,
        client.delivered(),
        client.expected(),
        client.shortClients(),
        closes(client),
        run.serverMicrosPerFrame(),
        run.redisCpuMicros() < 0
            ? ""
            : String.format(Locale.ROOT, " (with Redis %.1f)", run.withRedisMicrosPerFrame()),
        run.framesPerSecond(),
        millis(client.p50Micros()),
        millis(client.p99Micros()),
        run.clientCores(),
        run.otherCores(),
        client.end());
  }

  // The middle run by frames a second; with an even count, the slower of the two middle ones.
  private static RunFigures median(List<RunFigures> list) {
    List<RunFigures> sorted = new ArrayList<>(list);
    sorted.sort(Comparator.comparingDouble(RunFigures::framesPerSecond));
    return sorted.get((sorted.size() - 1) / 2);
  }

  private static String row(String... cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }

  private static String delivered(RunFigures run) {
    return String.format(
        Locale.ROOT, "%,d / %,d", run.client().delivered(), run.client().expected());
  }

  private static String closes(ClientFigures client) {
    if (client.closes().isEmpty()) {
      return "none";
    }
    return client.closes().entrySet().stream()
        .map(entry -> entry.getKey() + " ×" + entry.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String percent(double value) {
    return String.format(Locale.ROOT, "%.1f %%", value);
  }

  private static String number(double value, int decimals) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }

  private static String millis(long micros) {
    return micros < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", micros / 1000.0);
  }
}
