package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayerSettings;
import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.Message;
import dev.channels.redis.testing.RedisServers;
import dev.channels.spi.ChannelIds;
import dev.channels.spi.LayerCounters;
import dev.channels.spi.LocalChannels;
import dev.channels.test.TestNames;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An instance's receive loop, with a channel table that fails where the test says. */
class QueueReceiverTest {

  private final String prefix = TestNames.unique("receiver") + ":";
  private final String queue = "specific." + ChannelIds.newInstanceId() + "!";
  private final RedisKeys keys = new RedisKeys(prefix);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final ClientResources resources = RedisConnectionFactories.resources();
  private final Shard shard =
      new Shard(
          RedisConnectionFactories.fromUrl(
              RedisServers.url(), Duration.ofSeconds(2), resources, null),
          Duration.ofSeconds(2),
          () -> {},
          timer,
          new RoundTrips());
  private final Shards shards = new Shards(List.of(shard), keys, expired -> {});
  private final Framing framing = new Framing(null, ChannelLayerSettings.DEFAULT_MAX_MESSAGE_SIZE);
  private final LayerCounters counters = new LayerCounters();
  // A bug stand-in: routing to a channel named "...!poison" throws.
  private final LocalChannels table =
      new LocalChannels(
          channel -> {
            if (channel.endsWith("!poison")) {
              throw new IllegalStateException("a bug met while routing");
            }
            return 100;
          },
          60_000,
          counters);
  private final Dispatcher dispatcher =
      new Dispatcher(
          framing,
          table,
          new LocalGroups(keys, shards),
          counters,
          InstantSource.system(),
          60_000,
          timer);
  private final QueueReceiver receiver =
      new QueueReceiver(shard, queue, keys.queue(queue), dispatcher, timer, () -> true, true);
  private final RedisClient raw = RedisClient.create(RedisServers.url());
  private int written;
  private final StatefulRedisConnection<byte[], byte[]> redis =
      raw.connect(ByteArrayCodec.INSTANCE);

  @AfterEach
  void stop() {
    receiver.stop();
    redis.sync().del(keys.queue(queue));
    redis.close();
    raw.shutdown();
    shards.close();
    timer.shutdownNow();
    resources.shutdown();
  }

  // Scores a millisecond apart, so the queue holds the entries in the order written.
  private void write(String channel, Message message) {
    redis
        .sync()
        .zadd(
            keys.queue(queue),
            (System.currentTimeMillis() + written++) / 1000.0,
            framing.frame(Envelopes.toChannel(message, channel)));
  }

  @Test
  void anEntryWhoseRoutingFailsIsCountedAndTheLoopReadsOn() {
    receiver.ensureRunning();
    write(queue + "poison", Message.of("test.first"));
    write(queue + "ok", Message.of("test.second"));

    assertThat(table.receive(queue + "ok", System.currentTimeMillis()))
        .succeedsWithin(Duration.ofSeconds(20))
        .isEqualTo(Message.of("test.second"));
    assertThat(counters.dropped(DropReason.MALFORMED)).isEqualTo(1);

    write(queue + "ok", Message.of("test.third"));
    assertThat(table.receive(queue + "ok", System.currentTimeMillis()))
        .succeedsWithin(Duration.ofSeconds(20))
        .isEqualTo(Message.of("test.third"));
  }
}
