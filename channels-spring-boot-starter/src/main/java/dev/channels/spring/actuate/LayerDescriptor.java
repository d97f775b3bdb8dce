package dev.channels.spring.actuate;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerStats;
import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.LayerSnapshot;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What the {@code channels} endpoint reports for one layer alias.
 *
 * @param backend the name of the backend that owns the layer, such as "in-memory" or "redis", or
 *     the class name of a layer no backend owns
 * @param stats the layer's running totals
 * @param snapshot what the layer holds now, or null if no snapshot could be taken
 * @param error why there is no snapshot, or null if there is one
 */
public record LayerDescriptor(
    String backend, Stats stats, @Nullable Contents snapshot, @Nullable String error)
    implements OperationResponseBody {

  /** A layer's description with the snapshot it gave. */
  static LayerDescriptor of(String backend, ChannelLayer layer, LayerSnapshot snapshot) {
    return new LayerDescriptor(backend, Stats.of(layer.stats()), Contents.of(snapshot), null);
  }

  /** A layer's description without a snapshot, saying why. */
  static LayerDescriptor failed(String backend, ChannelLayer layer, String error) {
    return new LayerDescriptor(backend, Stats.of(layer.stats()), null, error);
  }

  /**
   * A layer's running totals since it was created.
   *
   * @param sent messages accepted into channels; a group send counts once per member reached
   * @param received messages handed to receivers
   * @param groupSends group sends made
   * @param dropped messages not delivered, by reason: capacity, expired, malformed, misrouted,
   *     unusable
   * @param meanReceiveLagMillis how long a received message waited on average, in milliseconds
   */
  public record Stats(
      long sent,
      long received,
      long groupSends,
      Map<String, Long> dropped,
      double meanReceiveLagMillis) {

    static Stats of(ChannelLayerStats stats) {
      Map<String, Long> dropped = new LinkedHashMap<>();
      for (DropReason reason : DropReason.values()) {
        dropped.put(reason.name().toLowerCase(Locale.ROOT), stats.dropped(reason));
      }
      long received = stats.received();
      double meanLag = received == 0 ? 0 : (double) stats.receiveLagMillis() / received;
      return new Stats(stats.sent(), received, stats.groupSends(), dropped, meanLag);
    }
  }

  /**
   * What a layer holds, sorted by name.
   *
   * @param groups member counts by group name
   * @param channels unread messages by channel name; 0 for a channel with only waiting receivers
   */
  public record Contents(Map<String, Integer> groups, Map<String, Integer> channels) {

    static Contents of(LayerSnapshot snapshot) {
      return new Contents(new TreeMap<>(snapshot.groups()), new TreeMap<>(snapshot.channels()));
    }
  }
}
