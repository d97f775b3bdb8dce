package dev.channels.spi;

import dev.channels.ChannelLayerStats;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link ChannelLayerStats}; contention-free on the hot paths. */
public final class LayerCounters implements ChannelLayerStats {

  private final LongAdder sent = new LongAdder();
  private final LongAdder received = new LongAdder();
  private final LongAdder groupSends = new LongAdder();
  private final LongAdder receiveLag = new LongAdder();
  private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

  /** Creates counters at zero. */
  public LayerCounters() {
    for (DropReason reason : DropReason.values()) {
      dropped.put(reason, new LongAdder());
    }
  }

  /** Counts {@code count} messages accepted into channels. */
  public void sent(int count) {
    sent.add(count);
  }

  /** Counts one message handed to a receiver {@code lagMillis} after it was sent. */
  public void receivedOne(long lagMillis) {
    received.increment();
    if (lagMillis > 0) {
      receiveLag.add(lagMillis);
    }
  }

  /** Takes back a {@link #receivedOne} whose hand-over the receiver refused. */
  public void receivedNone(long lagMillis) {
    received.decrement();
    if (lagMillis > 0) {
      receiveLag.add(-lagMillis);
    }
  }

  /** Counts one group send. */
  public void groupSent() {
    groupSends.increment();
  }

  /** Counts {@code count} messages dropped for {@code reason}. */
  public void dropped(DropReason reason, int count) {
    dropped.get(reason).add(count);
  }

  @Override
  public long sent() {
    return sent.sum();
  }

  @Override
  public long received() {
    return received.sum();
  }

  @Override
  public long groupSends() {
    return groupSends.sum();
  }

  @Override
  public long dropped(DropReason reason) {
    return dropped.get(reason).sum();
  }

  @Override
  public long receiveLagMillis() {
    return receiveLag.sum();
  }

  @Override
  public String toString() {
    return "sent=%d, received=%d, groupSends=%d, dropped=%s"
        .formatted(sent(), received(), groupSends(), dropped);
  }
}
