package dev.channels.bench.ws.client;

import java.time.Duration;
import java.util.Map;

/**
 * The load of every run: {@code rooms} rooms of {@code clients} connections each, one of which
 * sends {@code messages} messages; a run ends when every delivery has arrived, nothing has happened
 * for {@code quiet}, or after {@code timeout}.
 */
record LoadShape(int rooms, int clients, int messages, Duration quiet, Duration timeout) {

  static LoadShape parse(Map<String, String> args) {
    return new LoadShape(
        Integer.parseInt(args.getOrDefault("rooms", "4")),
        Integer.parseInt(args.getOrDefault("clients", "25")),
        Integer.parseInt(args.getOrDefault("messages", "200")),
        Duration.ofMillis(Long.parseLong(args.getOrDefault("quiet-ms", "5000"))),
        Duration.ofSeconds(Long.parseLong(args.getOrDefault("timeout-s", "120"))));
  }

  /** Every client of a room, the sender included, should read every message the room carries. */
  int expectedDeliveries() {
    return rooms * clients * messages;
  }

  /** Which client of {@code room} sends: a different index per room, so pairs split senders. */
  int senderIndex(int room) {
    return room % clients;
  }
}
