package dev.channels.bench.ws.client;

import dev.channels.bench.ws.ClientFigures;
import dev.channels.bench.ws.EpochMicros;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Sums a run's per-client counts into the figures the client reports. */
final class Tally {

  private Tally() {}

  static ClientFigures of(
      LoadShape shape,
      List<RoomMember> members,
      List<Sender> senders,
      long startNanos,
      long lastFrameNanos,
      String end) {
    int delivered = 0;
    int duplicates = 0;
    int outOfOrder = 0;
    int unparsed = 0;
    int shortClients = 0;
    Map<String, Integer> closes = new TreeMap<>();
    long[][] latencies = new long[members.size()][];
    for (int i = 0; i < members.size(); i++) {
      RoomMember member = members.get(i);
      delivered += member.delivered();
      duplicates += member.duplicates();
      outOfOrder += member.outOfOrder();
      unparsed += member.unparsed();
      if (member.delivered() < shape.messages()) {
        shortClients++;
        // To the client's log: which clients lose is often the explanation of a loss.
        System.err.printf(
            "short: room %d %s read %d of %d%n",
            member.room,
            member.sender ? "sender" : "receiver",
            member.delivered(),
            shape.messages());
      }
      latencies[i] = member.latencyNanos();
      if (member.closedBy() != null) {
        closes.merge(member.closedBy(), 1, Integer::sum);
      }
    }
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
    return new ClientFigures(
        shape.expectedDeliveries(),
        delivered,
        duplicates,
        outOfOrder,
        unparsed,
        shortClients,
        senders.stream().mapToInt(Sender::sent).sum(),
        (int) senders.stream().filter(Sender::failed).count(),
        closes,
        delivered == 0 ? 0 : (lastFrameNanos - startNanos) / 1_000,
        EpochMicros.of(lastFrameNanos),
        percentileMicros(all, 0.50),
        percentileMicros(all, 0.99),
        all.length == 0 ? -1 : all[all.length - 1] / 1_000,
        end);
  }

  // Nearest rank: the smallest latency with at least the fraction of deliveries at or below it.
  private static long percentileMicros(long[] sortedNanos, double fraction) {
    if (sortedNanos.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(fraction * sortedNanos.length);
    return sortedNanos[Math.max(0, rank - 1)] / 1_000;
  }
}
