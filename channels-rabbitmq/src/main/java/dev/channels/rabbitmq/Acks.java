package dev.channels.rabbitmq;

import com.rabbitmq.client.AMQP.BasicProperties;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Acks of one consumer's deliveries, several at a time: one {@code basic.ack} with {@code multiple}
 * for every {@value #BATCH} messages routed, and for the rest of a burst a millisecond after it. An
 * ack is work for the broker and a write for the client; in batches, both are a fraction. Should
 * the connection end before an ack, the broker hands those messages out again; their fingerprints,
 * kept until the ack, let the next consumer know them as already routed.
 */
final class Acks {

  static final int BATCH = 32;
  private static final long FLUSH_MICROS = 1_000;

  private final Channel channel;
  private final ScheduledExecutorService timer;
  private byte[][] bodies = new byte[BATCH][];
  private BasicProperties[] properties = new BasicProperties[BATCH];
  private int count;
  private long lastTag = -1;
  private long ackedTag = -1;
  private boolean flushDue;

  Acks(Channel channel, ScheduledExecutorService timer) {
    this.channel = channel;
    this.timer = timer;
  }

  /** The delivery {@code tag}, of {@code body} and {@code properties}, is routed; ack it. */
  synchronized void routed(long tag, byte[] body, BasicProperties properties) {
    lastTag = tag;
    if (count == bodies.length) {
      // Acks failed: the connection is going, and these are the redeliveries to skip.
      bodies = Arrays.copyOf(bodies, count * 2);
      this.properties = Arrays.copyOf(this.properties, count * 2);
    }
    bodies[count] = body;
    this.properties[count++] = properties;
    if (count >= BATCH) {
      ackUpToLast();
    } else if (!flushDue) {
      flushDue = true;
      try {
        timer.schedule(this::flush, FLUSH_MICROS, TimeUnit.MICROSECONDS);
      } catch (RejectedExecutionException closing) {
        ackUpToLast();
      }
    }
  }

  /** The fingerprints of the messages routed but not acked yet. */
  synchronized long[] unacked() {
    long[] fingerprints = new long[count];
    for (int i = 0; i < count; i++) {
      fingerprints[i] = Redeliveries.fingerprint(bodies[i], properties[i]);
    }
    return fingerprints;
  }

  private synchronized void flush() {
    flushDue = false;
    if (lastTag > ackedTag) {
      ackUpToLast();
    }
  }

  // Holds the monitor.
  private void ackUpToLast() {
    try {
      channel.basicAck(lastTag, true);
      ackedTag = lastTag;
      Arrays.fill(bodies, 0, count, null);
      Arrays.fill(properties, 0, count, null);
      count = 0;
    } catch (IOException | ShutdownSignalException e) {
      // The connection is going; the fingerprints stay for the next consumer.
    }
  }
}
