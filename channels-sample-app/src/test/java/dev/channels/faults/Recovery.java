package dev.channels.faults;

/**
 * How soon traffic came back after Redis did: to the first message any member received, and to the
 * send from which every later message reached every member of its room (-1 if none did).
 */
record Recovery(long firstDeliveryMillis, long steadyMillis) {

  static Recovery of(Tally tally, long restartedNanos, int last) {
    long first = Long.MAX_VALUE;
    int steadyFrom = -1;
    boolean broken = false;
    // Sequence numbers follow the order of sending: walk back from the last one sent.
    for (int seq = last - 1; seq >= 0 && tally.sentAt(seq) >= restartedNanos; seq--) {
      long delivered = tally.firstDelivery(seq);
      if (delivered != 0) {
        first = Math.min(first, delivered);
      }
      if (!broken && tally.isFullyDelivered(seq)) {
        steadyFrom = seq;
      } else {
        broken = true;
      }
    }
    long firstMillis = first == Long.MAX_VALUE ? -1 : millis(first - restartedNanos);
    long steadyMillis = steadyFrom < 0 ? -1 : millis(tally.sentAt(steadyFrom) - restartedNanos);
    return new Recovery(firstMillis, steadyMillis);
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }
}
