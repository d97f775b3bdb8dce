package dev.channels.bench.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor under the layer's point-to-point figures, with no layer at all: the plain RabbitMQ Java
 * client publishing with publisher confirms (the same 512 in flight as the workers), to a queue
 * with channels_rabbitmq's arguments, read by a consumer in another process that acks each message.
 * Roles, driven by rabbitmq_bench.py:
 *
 * <pre>
 * receive  uri=U queue=Q expect=N   declare Q, consume N messages; "ready", then "done N first last"
 * send     uri=U queue=Q messages=M publish M confirmed messages; "done M start end nacked"
 * </pre>
 */
public final class AmqpFloor {

  private static final byte[] BODY = new byte[120];
  private static final int IN_FLIGHT = 512;

  private AmqpFloor() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new java.util.HashMap<>();
    for (int i = 1; i < argv.length; i++) {
      String[] pair = argv[i].split("=", 2);
      args.put(pair[0], pair.length > 1 ? pair[1] : "true");
    }
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(new URI(args.getOrDefault("uri", "amqp://guest:guest@127.0.0.1:5672")));
    try (Connection connection = factory.newConnection()) {
      if (argv[0].equals("receive")) {
        receive(connection, args.get("queue"), Long.parseLong(args.get("expect")));
      } else {
        send(connection, args.get("queue"), Long.parseLong(args.get("messages")));
      }
    }
    System.exit(0);
  }

  private static void receive(Connection connection, String queue, long expect) throws Exception {
    Channel channel = connection.createChannel();
    channel.queueDeclare(
        queue,
        true,
        false,
        false,
        Map.of(
            "x-max-length",
            1_000_000,
            "x-overflow",
            "reject-publish",
            "x-message-ttl",
            60_000,
            "x-expires",
            300_000));
    channel.basicQos(256);
    CountDownLatch done = new CountDownLatch(1);
    AtomicLong received = new AtomicLong();
    long[] times = new long[2];
    channel.basicConsume(
        queue,
        false,
        new DefaultConsumer(channel) {
          @Override
          public void handleDelivery(
              String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
              throws java.io.IOException {
            long n = received.incrementAndGet();
            if (n == 1) {
              times[0] = micros();
            }
            if (n % 32 == 0 || n == expect) {
              getChannel().basicAck(envelope.getDeliveryTag(), true);
            }
            if (n == expect) {
              times[1] = micros();
              done.countDown();
            }
          }
        });
    System.out.println("ready " + queue);
    System.out.flush();
    done.await(120, TimeUnit.SECONDS);
    channel.queueDelete(queue);
    System.out.println("done " + received.get() + " " + times[0] + " " + times[1]);
  }

  private static void send(Connection connection, String queue, long messages) throws Exception {
    Channel channel = connection.createChannel();
    channel.confirmSelect();
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    AtomicLong nacked = new AtomicLong();
    java.util.concurrent.ConcurrentSkipListSet<Long> open =
        new java.util.concurrent.ConcurrentSkipListSet<>();
    channel.addConfirmListener(
        (tag, multiple) -> settle(open, inFlight, tag, multiple),
        (tag, multiple) -> nacked.addAndGet(settle(open, inFlight, tag, multiple)));
    long start = micros();
    for (long i = 0; i < messages; i++) {
      inFlight.acquireUninterruptibly();
      open.add(channel.getNextPublishSeqNo());
      channel.basicPublish("", queue, new AMQP.BasicProperties(), BODY);
    }
    inFlight.acquireUninterruptibly(IN_FLIGHT);
    System.out.println("done " + messages + " " + start + " " + micros() + " " + nacked.get());
  }

  private static int settle(
      java.util.concurrent.ConcurrentSkipListSet<Long> open,
      Semaphore inFlight,
      long tag,
      boolean multiple) {
    int settled = 0;
    if (multiple) {
      java.util.NavigableSet<Long> upTo = open.headSet(tag, true);
      settled = upTo.size();
      upTo.clear();
    } else if (open.remove(tag)) {
      settled = 1;
    }
    inFlight.release(settled);
    return settled;
  }

  private static long micros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }
}
