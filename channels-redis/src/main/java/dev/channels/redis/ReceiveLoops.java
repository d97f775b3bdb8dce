package dev.channels.redis;

import dev.channels.spi.ChannelIds;
import dev.channels.spi.LocalChannels;
import dev.channels.spi.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The receive loops of one layer instance. Its own queues (one per process-local prefix) are read
 * in batches for as long as the layer is open; a normal channel, which other processes may read
 * too, by a loop per host that runs while someone here waits on it and is retired once idle.
 */
final class ReceiveLoops {

  private final String instanceId;
  private final Shards shards;
  private final RedisKeys keys;
  private final Dispatcher dispatcher;
  private final ScheduledExecutorService timer;
  private final LocalChannels table;
  private final BooleanSupplier open;
  private final Duration idleTimeout;
  private final Map<String, List<QueueReceiver>> ownQueues = new ConcurrentHashMap<>();
  private final Map<String, List<QueueReceiver>> normalChannels = new ConcurrentHashMap<>();
  private volatile @Nullable OwnQueue lastOwnQueue;

  /** One of this instance's own queues (a process-local prefix) and its receive loops. */
  private record OwnQueue(String name, List<QueueReceiver> receivers) {}

  ReceiveLoops(
      String instanceId,
      Shards shards,
      RedisKeys keys,
      Dispatcher dispatcher,
      ScheduledExecutorService timer,
      LocalChannels table,
      BooleanSupplier open,
      Duration idleTimeout) {
    this.instanceId = instanceId;
    this.shards = shards;
    this.keys = keys;
    this.dispatcher = dispatcher;
    this.timer = timer;
    this.table = table;
    this.open = open;
    this.idleTimeout = idleTimeout;
    long retire = Math.max(50, Math.min(30_000, idleTimeout.toMillis() / 2));
    timer.scheduleWithFixedDelay(this::retireIdle, retire, retire, TimeUnit.MILLISECONDS);
  }

  /** Makes sure the loops that fill {@code channel} run, for a receive waiting on it. */
  void start(String channel) {
    List<QueueReceiver> receivers =
        ChannelIds.isOf(channel, instanceId) ? ownReceivers(channel) : normalReceivers(channel);
    for (int i = 0; i < receivers.size(); i++) {
      receivers.get(i).ensureRunning();
    }
  }

  /** Stops every loop, closing its connection. */
  void stopAll() {
    ownQueues.values().forEach(receivers -> receivers.forEach(QueueReceiver::stop));
    normalChannels.values().forEach(receivers -> receivers.forEach(QueueReceiver::stop));
  }

  /** How many normal channels have loops here. */
  int normalChannels() {
    return normalChannels.size();
  }

  // Most receives are on an own queue whose loops run already: found without allocating.
  private List<QueueReceiver> ownReceivers(String channel) {
    OwnQueue last = lastOwnQueue;
    int bang = channel.indexOf('!');
    if (last != null && last.name().length() == bang + 1 && channel.startsWith(last.name())) {
      return last.receivers();
    }
    String queue = channel.substring(0, bang + 1);
    List<QueueReceiver> receivers = ownQueues.computeIfAbsent(queue, this::ownQueueReceivers);
    lastOwnQueue = new OwnQueue(queue, receivers);
    return receivers;
  }

  // This layer and Spring senders write the queue on the host of its name. channels_redis's
  // send() picks the host by the channel's FULL name (its issue #221) while listening by the
  // queue's: with several hosts, a Django direct send to a channel here may land on any host.
  // Reading the queue on every host receives those too; with one host this is the one loop.
  private List<QueueReceiver> ownQueueReceivers(String queue) {
    return shards.all().stream()
        .map(
            shard ->
                new QueueReceiver(shard, queue, keys.queue(queue), dispatcher, timer, open, true))
        .toList();
  }

  // channels_redis spreads a normal channel's messages over every host, so read them all; a
  // process-local queue of another process lives on the host of its non-local name.
  private List<QueueReceiver> normalReceivers(String channel) {
    String queue = Names.nonLocalName(channel);
    List<Shard> hosts =
        Names.isProcessLocal(channel) ? List.of(shards.forName(queue)) : shards.all();
    return normalChannels.computeIfAbsent(
        channel,
        name ->
            hosts.stream()
                .map(
                    shard ->
                        new QueueReceiver(
                            shard,
                            queue,
                            keys.queue(queue),
                            dispatcher,
                            timer,
                            () -> open.getAsBoolean() && table.hasWaiters(name),
                            false))
                .toList());
  }

  // Each normal channel read here has a loop with a connection of its own per host. An
  // application that reads many names in turn (a channel per job, say) would otherwise keep a
  // Redis connection per name for good. A loop is retired only when claimed idle on every host,
  // so no blocking pop is in flight when its connection closes, and nothing popped is lost.
  private void retireIdle() {
    normalChannels.forEach(
        (channel, receivers) -> {
          List<QueueReceiver> claimed = new ArrayList<>(receivers.size());
          for (QueueReceiver receiver : receivers) {
            if (!receiver.claimIdle(idleTimeout)) {
              break;
            }
            claimed.add(receiver);
          }
          if (claimed.size() == receivers.size() && normalChannels.remove(channel, receivers)) {
            receivers.forEach(QueueReceiver::stop);
            // A receive that found the retired loops, after they were claimed, could not start
            // them; it waits still, and gets loops of its own here.
            if (open.getAsBoolean() && table.hasWaiters(channel)) {
              start(channel);
            }
          } else {
            claimed.forEach(QueueReceiver::release);
          }
        });
  }
}
