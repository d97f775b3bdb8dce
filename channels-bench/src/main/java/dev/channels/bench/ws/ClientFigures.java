package dev.channels.bench.ws;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the load client saw in one run, as it reports it to the harness on one line of "key=value"
 * words.
 *
 * @param expected deliveries the run should make: rooms × clients × messages
 * @param delivered distinct messages read, summed over clients
 * @param duplicates messages a client read more than once
 * @param outOfOrder messages a client read after a later one of the same sender
 * @param unparsed frames without a "message" string
 * @param shortClients clients that read fewer than all of their room's messages
 * @param sent messages whose write completed
 * @param senderFailures senders whose write failed (their connection closed under them)
 * @param closes connections the server closed during the run, by close code ("error": broken)
 * @param windowMicros first send to last delivery
 * @param lastFrameEpochMicros when the last delivery arrived, wall clock ({@link EpochMicros})
 * @param p50Micros send-to-read latency, median over all deliveries (-1 with none)
 * @param p99Micros 99th percentile of the same
 * @param maxMicros the largest
 * @param end why the run ended: complete, quiet (nothing for the quiet period) or timeout
 */
public record ClientFigures(
    int expected,
    int delivered,
    int duplicates,
    int outOfOrder,
    int unparsed,
    int shortClients,
    int sent,
    int senderFailures,
    Map<String, Integer> closes,
    long windowMicros,
    long lastFrameEpochMicros,
    long p50Micros,
    long p99Micros,
    long maxMicros,
    String end) {

  public String toLine() {
    String closeWords =
        closes.isEmpty()
            ? "-"
            : closes.entrySet().stream()
                .map(entry -> entry.getKey() + ":" + entry.getValue())
                .collect(Collectors.joining(","));
    return String.join(
        " ",
        "expected=" + expected,
        "delivered=" + delivered,
        "duplicates=" + duplicates,
        "outOfOrder=" + outOfOrder,
        "unparsed=" + unparsed,
        "shortClients=" + shortClients,
        "sent=" + sent,
        "senderFailures=" + senderFailures,
        "closes=" + closeWords,
        "windowMicros=" + windowMicros,
        "lastFrameEpochMicros=" + lastFrameEpochMicros,
        "p50Micros=" + p50Micros,
        "p99Micros=" + p99Micros,
        "maxMicros=" + maxMicros,
        "end=" + end);
  }

  public static ClientFigures parse(String line) {
    Map<String, String> words = new LinkedHashMap<>();
    for (String word : line.trim().split(" ")) {
      int equals = word.indexOf('=');
      words.put(word.substring(0, equals), word.substring(equals + 1));
    }
    Map<String, Integer> closes = new TreeMap<>();
    if (!words.get("closes").equals("-")) {
      Arrays.stream(words.get("closes").split(","))
          .map(pair -> pair.split(":"))
          .forEach(pair -> closes.put(pair[0], Integer.parseInt(pair[1])));
    }
    return new ClientFigures(
        Integer.parseInt(words.get("expected")),
        Integer.parseInt(words.get("delivered")),
        Integer.parseInt(words.get("duplicates")),
        Integer.parseInt(words.get("outOfOrder")),
        Integer.parseInt(words.get("unparsed")),
        Integer.parseInt(words.get("shortClients")),
        Integer.parseInt(words.get("sent")),
        Integer.parseInt(words.get("senderFailures")),
        closes,
        Long.parseLong(words.get("windowMicros")),
        Long.parseLong(words.get("lastFrameEpochMicros")),
        Long.parseLong(words.get("p50Micros")),
        Long.parseLong(words.get("p99Micros")),
        Long.parseLong(words.get("maxMicros")),
        words.get("end"));
  }
}
