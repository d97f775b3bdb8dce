package dev.channels.bench.rabbitmq;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.rabbitmq.RabbitChannelLayer;
import dev.channels.rabbitmq.RabbitLayerOptions;
import java.io.IOException;
import java.util.Map;

/** The RabbitMQ side of the benchmark workers: their layer, and waiting to be told to stop. */
public final class RabbitWorkers {

  private RabbitWorkers() {}

  /**
   * A RabbitMQ layer for a worker: {@code uri} (the broker and virtual host), {@code prefix} (a
   * run's own groups exchange and normal channels' queue prefix).
   */
  public static ChannelLayer layer(Map<String, String> args, ChannelLayerSettings settings) {
    String prefix = args.getOrDefault("prefix", "bench").replace(':', '.');
    return RabbitChannelLayer.builder()
        .settings(settings)
        .options(
            RabbitLayerOptions.builder()
                .groupsExchange(prefix + "groups")
                .queuePrefix(prefix)
                .build())
        .uri(args.getOrDefault("uri", "amqp://guest:guest@127.0.0.1:5672"))
        .build();
  }

  /** Blocks until standard input ends: the driving script is done with this process. */
  public static void awaitStdinClosed() {
    try {
      while (System.in.read() >= 0) {
        // Nothing is sent; the script closes the stream.
      }
    } catch (IOException e) {
      // Closed either way.
    }
  }
}
