package dev.channels.rabbitmq;

import com.rabbitmq.client.AMQP.BasicProperties;
import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.spi.LayerCounters;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every consumer of the layer does with what arrives before routing it: its send time (the
 * sender's header, or the arrival for a Django peer's message, which has none), and skipping what
 * cannot be read, counted and logged at most every ten seconds at WARN, never fatal to the
 * consumer.
 */
final class Arrivals {

  private static final Logger log = LoggerFactory.getLogger(Arrivals.class);
  private static final long WARN_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

  private final LayerCounters counters;
  private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

  Arrivals(LayerCounters counters) {
    this.counters = counters;
  }

  /** When the message was sent: its header, else {@code now}. */
  static long sentAt(BasicProperties properties, long now) {
    Map<String, Object> headers = properties.getHeaders();
    Object sentAt = headers == null ? null : headers.get(Topology.SENT_AT);
    return sentAt instanceof Number millis ? millis.longValue() : now;
  }

  /** Counts and logs a message of {@code queue} that was skipped because {@code problem}. */
  void skipped(String queue, Exception problem) {
    counters.dropped(DropReason.MALFORMED, 1);
    String format = "Skipped a message of RabbitMQ queue '{}' that cannot be read ({} so far): {}";
    long now = System.nanoTime();
    long last = lastWarning.get();
    if (now - last >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
      log.warn(format, queue, counters.dropped(DropReason.MALFORMED), problem.getMessage());
    } else {
      log.debug(format, queue, counters.dropped(DropReason.MALFORMED), problem.getMessage());
    }
  }
}
