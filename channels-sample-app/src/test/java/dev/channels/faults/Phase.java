package dev.channels.faults;

/**
 * The messages sent in one window of time: how many, how many the layer refused (the sender was
 * told), how many reached every member of their room, and how many were lost (neither refused nor
 * fully delivered). {@code frames} counts the frames members received for them.
 */
record Phase(String name, int sent, int refused, int delivered, int lost, long frames) {

  static Phase of(String name, Tally tally, long fromNanos, long toNanos, int last) {
    int sent = 0;
    int refused = 0;
    int delivered = 0;
    int lost = 0;
    long frames = 0;
    for (int seq = 0; seq < last; seq++) {
      long at = tally.sentAt(seq);
      if (at < fromNanos || at >= toNanos) {
        continue;
      }
      sent++;
      frames += tally.deliveries(seq);
      if (tally.isRefused(seq)) {
        refused++;
      } else if (tally.isFullyDelivered(seq)) {
        delivered++;
      } else {
        lost++;
      }
    }
    return new Phase(name, sent, refused, delivered, lost, frames);
  }
}
