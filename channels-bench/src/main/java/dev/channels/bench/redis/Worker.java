package dev.channels.bench.redis;

import dev.channels.ChannelFullException;
import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.Message;
import dev.channels.bench.rabbitmq.RabbitWorkers;
import dev.channels.redis.RedisChannelLayer;
import dev.channels.redis.RedisLayerOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One process of a broker benchmark run, driven by channels-bench/redis_bench.py (the Python peer,
 * peers/channels_redis_worker.py, plays the same roles with channels_redis) and
 * channels-bench/rabbitmq_bench.py. The layer is the Redis one, or with {@code backend=rabbitmq}
 * the RabbitMQ one ({@code uri=amqp://...}). Every role prints "ready ..." once set up and "done
 * ..." with its figures, times in epoch microseconds.
 *
 * <pre>
 * receive   channels=N [group=G [groups=K]] expect=E [warmup=W]
 *                                          receive E messages in all on N new channels; the
 *                                          first W are left out of the latency figures; with
 *                                          groups, channel i joins group G + (i mod K)
 * send      target=C messages=M [rate=R]    send M messages to channel C, R per second at most
 * groupsend group=G messages=M [groups=K] [blocking [threads=T]]
 *                                          group send M times, pipelined, or one after another
 *                                          from each of T plain threads (1); with groups, send
 *                                          i goes to group G + (i mod K)
 * members   group=G count=N instances=I [hold]
 *                                          add N channels of I instances to G, then exit; with
 *                                          hold, print "ready" and keep them until stdin closes
 * ping      messages=M                      M blocking Lettuce round trips (GET), no layer:
 *                                          the floor under any blocking call on this machine
 * selfloop  messages=M rate=R [warmup=W]    send to its own channel and receive, in one process:
 *                                          latency without a second JVM competing for cores
 * </pre>
 *
 * <p>Every role takes {@code cluster=redis://h:p,redis://h:p,...} to run on a Redis Cluster instead
 * of {@code url}.
 */
public final class Worker {

  private static final String PADDING = "x".repeat(60);
  private static final int IN_FLIGHT = 512;
  private static final int JOINS_IN_FLIGHT = 64;

  private final Map<String, String> args;
  private final ChannelLayer layer;

  private Worker(Map<String, String> args) {
    this.args = args;
    this.layer = layer();
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (String arg : Arrays.copyOfRange(argv, 1, argv.length)) {
      int equals = arg.indexOf('=');
      args.put(
          equals < 0 ? arg : arg.substring(0, equals),
          equals < 0 ? "true" : arg.substring(equals + 1));
    }
    Worker worker = new Worker(args);
    try {
      switch (argv[0]) {
        case "receive" -> worker.receive();
        case "send" -> worker.send();
        case "groupsend" -> worker.groupSend();
        case "members" -> worker.members();
        case "ping" -> worker.ping();
        case "selfloop" -> worker.selfLoop();
        default -> throw new IllegalArgumentException("unknown role " + argv[0]);
      }
    } finally {
      worker.layer.close();
    }
    System.exit(0);
  }

  private ChannelLayer layer() {
    ChannelLayerSettings settings =
        ChannelLayerSettings.builder()
            .capacity(Integer.parseInt(args.getOrDefault("capacity", "1000000")))
            .build();
    if ("rabbitmq".equals(args.get("backend"))) {
      return RabbitWorkers.layer(args, settings);
    }
    RedisLayerOptions.Builder options =
        RedisLayerOptions.builder().prefix(args.getOrDefault("prefix", "bench:"));
    if (args.containsKey("cluster")) {
      options.cluster(new RedisLayerOptions.Cluster(List.of(args.get("cluster").split(","))));
    } else {
      options.hosts(List.of(args.getOrDefault("url", "redis://127.0.0.1:6379/0")));
    }
    return RedisChannelLayer.builder().settings(settings).options(options.build()).build();
  }

  private void receive() throws InterruptedException {
    int channels = Integer.parseInt(args.get("channels"));
    long expect = Long.parseLong(args.get("expect"));
    List<String> names = new ArrayList<>();
    for (int i = 0; i < channels; i++) {
      String channel = layer.newChannel();
      names.add(channel);
      if (args.containsKey("group")) {
        layer.groupAdd(groupOf(i), channel).join();
      }
    }
    Receipts receipts =
        new Receipts(
            expect,
            Long.parseLong(args.getOrDefault("warmup", "0")),
            !args.containsKey("nolatency"));
    names.forEach(channel -> receiveForever(channel, receipts));
    System.out.println("ready " + String.join(",", names));
    System.out.flush();
    receipts.awaitAll(Duration.ofSeconds(Long.parseLong(args.getOrDefault("idle", "20"))));
    System.out.println("done " + receipts.summary());
  }

  // Loops while messages are already there, and waits by callback when none is: re-arming inside
  // the callback alone would recurse once per message queued.
  private void receiveForever(String channel, Receipts receipts) {
    while (true) {
      CompletableFuture<Message> next = layer.receive(channel);
      if (!next.isDone()) {
        next.thenAccept(
            message -> {
              receipts.record(message);
              receiveForever(channel, receipts);
            });
        return;
      }
      receipts.record(next.join());
    }
  }

  private void send() {
    String target = args.get("target");
    long messages = Long.parseLong(args.get("messages"));
    double rate = Double.parseDouble(args.getOrDefault("rate", "0"));
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    AtomicLong refused = new AtomicLong();
    long start = micros();
    long startNanos = System.nanoTime();
    for (long i = 0; i < messages; i++) {
      if (rate > 0) {
        LockSupport.parkNanos(startNanos + (long) (i * 1e9 / rate) - System.nanoTime());
      }
      inFlight.acquireUninterruptibly();
      sendOne(target, refused).whenComplete((done, failure) -> inFlight.release());
    }
    inFlight.acquireUninterruptibly(IN_FLIGHT);
    System.out.println("done " + messages + " " + start + " " + micros() + " " + refused.get());
  }

  // A full channel is back-pressure: wait a moment and send again, as a careful producer would.
  private CompletableFuture<Void> sendOne(String target, AtomicLong refused) {
    return layer
        .send(target, chat())
        .exceptionallyCompose(
            failure -> {
              if (failure instanceof CompletionException
                  && failure.getCause() instanceof ChannelFullException) {
                refused.incrementAndGet();
                LockSupport.parkNanos(100_000);
                return sendOne(target, refused);
              }
              return CompletableFuture.failedFuture(failure);
            });
  }

  // The group of the i-th channel or send: G, or G + (i mod K) with groups=K.
  private String groupOf(long i) {
    String group = args.get("group");
    return args.containsKey("groups") ? group + (i % Long.parseLong(args.get("groups"))) : group;
  }

  private void groupSend() throws InterruptedException {
    String group = args.get("group");
    long messages = Long.parseLong(args.get("messages"));
    long start = micros();
    if (args.containsKey("blocking")) {
      blockingGroupSends(group, messages, Integer.parseInt(args.getOrDefault("threads", "1")));
    } else {
      Semaphore inFlight = new Semaphore(IN_FLIGHT);
      for (long i = 0; i < messages; i++) {
        inFlight.acquireUninterruptibly();
        layer.groupSend(groupOf(i), chat()).whenComplete((done, failure) -> inFlight.release());
      }
      inFlight.acquireUninterruptibly(IN_FLIGHT);
    }
    System.out.println("done " + messages + " " + start + " " + micros() + " 0");
  }

  // Plain threads, each sending one group message after another, as services and jobs do.
  private void blockingGroupSends(String group, long messages, int threads)
      throws InterruptedException {
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long share = messages / threads + (t < messages % threads ? 1 : 0);
      Thread sender =
          new Thread(
              () -> {
                for (long i = 0; i < share; i++) {
                  layer.blocking().groupSend(group, chat());
                }
              });
      sender.start();
      senders.add(sender);
    }
    for (Thread sender : senders) {
      sender.join();
    }
  }

  private void members() {
    String group = args.get("group");
    int count = Integer.parseInt(args.get("count"));
    int instances = Integer.parseInt(args.get("instances"));
    List<ChannelLayer> owners = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      owners.add(i == 0 ? layer : layer());
    }
    // A few joins at a time: thousands at once would wait past Redis's command timeout behind
    // each other.
    Semaphore inFlight = new Semaphore(JOINS_IN_FLIGHT);
    for (int i = 0; i < count; i++) {
      ChannelLayer owner = owners.get(i % instances);
      inFlight.acquireUninterruptibly();
      owner
          .groupAdd(group, owner.newChannel())
          .whenComplete((joined, failure) -> inFlight.release())
          .exceptionally(
              failure -> {
                failure.printStackTrace();
                return null;
              });
    }
    inFlight.acquireUninterruptibly(JOINS_IN_FLIGHT);
    if (args.containsKey("hold")) {
      // Memberships that live in the instances (RabbitMQ) end with them: keep them for the run.
      System.out.println("ready members");
      System.out.flush();
      RabbitWorkers.awaitStdinClosed();
    }
    owners.stream().skip(1).forEach(ChannelLayer::close);
    System.out.println("done " + count + " 0 0 0");
  }

  private void selfLoop() throws InterruptedException {
    long messages = Long.parseLong(args.get("messages"));
    String channel = layer.newChannel();
    Receipts receipts =
        new Receipts(messages, Long.parseLong(args.getOrDefault("warmup", "0")), true);
    receiveForever(channel, receipts);
    args.put("target", channel);
    send();
    receipts.awaitAll(Duration.ofSeconds(20));
    System.out.println("received " + receipts.summary());
  }

  private void ping() {
    long messages = Long.parseLong(args.get("messages"));
    RedisClient client = RedisClient.create(args.getOrDefault("url", "redis://127.0.0.1:6379/0"));
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      long start = micros();
      for (long i = 0; i < messages; i++) {
        connection.async().get("bench:ping").toCompletableFuture().join();
      }
      System.out.println("done " + messages + " " + start + " " + micros() + " 0");
    } finally {
      client.shutdown();
    }
  }

  private static Message chat() {
    return Message.of("chat.message", "message", PADDING, "sent", micros());
  }

  static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }
}
