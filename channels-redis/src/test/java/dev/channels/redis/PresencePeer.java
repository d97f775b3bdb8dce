package dev.channels.redis;

import dev.channels.ChannelLayerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An application instance in a JVM of its own, for the test that kills one: it joins a group's
 * presence, says "joined" and the channel, and waits until it is killed.
 *
 * <p>Arguments: Redis URL, prefix, group, key, heartbeat and timeout in milliseconds.
 */
final class PresencePeer {

  private PresencePeer() {}

  public static void main(String[] args) throws InterruptedException {
    RedisChannelLayer layer =
        RedisChannelLayer.builder()
            .settings(settings(Long.parseLong(args[4]), Long.parseLong(args[5])))
            .options(RedisLayerOptions.builder().hosts(List.of(args[0])).prefix(args[1]).build())
            .build();
    String channel = layer.newChannel();
    layer
        .presenceJoin(args[2], channel, args[3], Map.of("pid", ProcessHandle.current().pid()))
        .join();
    System.out.println("joined " + channel);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  static ChannelLayerSettings settings(long heartbeatMillis, long timeoutMillis) {
    return ChannelLayerSettings.builder()
        .presenceHeartbeat(Duration.ofMillis(heartbeatMillis))
        .presenceTimeout(Duration.ofMillis(timeoutMillis))
        .build();
  }
}
