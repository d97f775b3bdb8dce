package dev.channels.spring.actuate;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.LayerSnapshot;
import dev.channels.spring.BackendMeter;
import dev.channels.spring.ChannelLayerBackend;
import dev.channels.spring.ChannelLayers;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Publishes every layer of a {@link ChannelLayers} registry, tagged {@code layer=<alias>}: its
 * running totals as counters, its receive lag as a timer, what it holds as gauges, and the meters
 * its backend adds (a Redis layer's round trips, for one). The gauges read a snapshot at most
 * {@link #SNAPSHOT_MAX_AGE} old, refreshed in the background, because taking one may scan Redis.
 */
public final class ChannelLayerMeterBinder implements MeterBinder, AutoCloseable {

  /** How old the snapshot behind the gauges may get before a read starts a new one. */
  public static final Duration SNAPSHOT_MAX_AGE = Duration.ofSeconds(10);

  private static final String LAYER = "layer";

  private final Map<String, ChannelLayer> layers;
  private final LayerBackends backends;
  private final Map<String, SnapshotCache> snapshots = new LinkedHashMap<>();
  private final ExecutorService refresher =
      Executors.newSingleThreadExecutor(ChannelLayerMeterBinder::refresherThread);

  /** Meters for every layer of {@code layers}, with those its backend adds. */
  public ChannelLayerMeterBinder(ChannelLayers layers, List<ChannelLayerBackend> backends) {
    this.layers = layers.asMap();
    this.backends = new LayerBackends(backends);
    // One cache per layer, shared by every registry this binder is bound to.
    this.layers.forEach(
        (alias, layer) ->
            snapshots.put(alias, new SnapshotCache(layer::snapshot, refresher, SNAPSHOT_MAX_AGE)));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    layers.forEach(
        (alias, layer) -> {
          Tags tags = Tags.of(LAYER, alias);
          bindTotals(registry, layer, tags);
          bindContents(registry, snapshots.get(alias), tags);
          backends
              .ownerOf(layer)
              .ifPresent(backend -> bindBackend(registry, backend.meters(), layer, tags));
        });
  }

  /** Stops the thread that refreshes snapshots. */
  @Override
  public void close() {
    refresher.shutdownNow();
  }

  // Meters hold their object weakly, so they get the layer, which the context keeps, rather than
  // its stats, which a layer of the application's own might create per call.
  private static void bindTotals(MeterRegistry registry, ChannelLayer layer, Tags tags) {
    counter("channels.messages.sent", layer, l -> l.stats().sent(), tags)
        .description("Messages accepted into channels; a group send counts once per member")
        .register(registry);
    counter("channels.messages.received", layer, l -> l.stats().received(), tags)
        .description("Messages handed to receivers")
        .register(registry);
    counter("channels.group.sends", layer, l -> l.stats().groupSends(), tags)
        .description("Group sends made")
        .register(registry);
    for (DropReason reason : DropReason.values()) {
      Tags reasonTags = tags.and("reason", reason.name().toLowerCase(Locale.ROOT));
      counter("channels.messages.dropped", layer, l -> l.stats().dropped(reason), reasonTags)
          .description("Messages not delivered, by reason")
          .register(registry);
    }
    timer(
        registry,
        "channels.receive.lag",
        "Time from send to receive",
        layer,
        l -> l.stats().received(),
        l -> l.stats().receiveLagMillis(),
        TimeUnit.MILLISECONDS,
        tags);
  }

  private static void bindContents(MeterRegistry registry, SnapshotCache cache, Tags tags) {
    gauge(registry, "channels.groups", "Groups with members", cache, tags, s -> s.groups().size());
    gauge(
        registry,
        "channels.group.members",
        "Memberships of all groups",
        cache,
        tags,
        s -> s.groups().values().stream().mapToInt(Integer::intValue).sum());
    gauge(registry, "channels.channels", "Channels in use", cache, tags, s -> s.channels().size());
  }

  private static void bindBackend(
      MeterRegistry registry, List<BackendMeter> meters, ChannelLayer layer, Tags tags) {
    // Java 17: no pattern matching in switch yet.
    for (BackendMeter meter : meters) {
      if (meter instanceof BackendMeter.Gauge gauge) {
        Gauge.builder(gauge.name(), layer, gauge.value())
            .description(gauge.description())
            .tags(tags)
            .register(registry);
      } else if (meter instanceof BackendMeter.Timer timer) {
        timer(
            registry,
            timer.name(),
            timer.description(),
            layer,
            timer.count(),
            timer.totalTime(),
            timer.unit(),
            tags);
      }
    }
  }

  private static FunctionCounter.Builder<ChannelLayer> counter(
      String name, ChannelLayer layer, ToDoubleFunction<ChannelLayer> count, Tags tags) {
    return FunctionCounter.builder(name, layer, count).baseUnit("messages").tags(tags);
  }

  private static <T> void timer(
      MeterRegistry registry,
      String name,
      String description,
      T source,
      ToLongFunction<T> count,
      ToDoubleFunction<T> total,
      TimeUnit unit,
      Tags tags) {
    FunctionTimer.builder(name, source, count, total, unit)
        .description(description)
        .tags(tags)
        .register(registry);
  }

  private static void gauge(
      MeterRegistry registry,
      String name,
      String description,
      SnapshotCache cache,
      Tags tags,
      ToDoubleFunction<LayerSnapshot> value) {
    Gauge.builder(name, cache, c -> valueOf(c.current(), value))
        .description(
            "%s, from a snapshot at most %d s old"
                .formatted(description, SNAPSHOT_MAX_AGE.toSeconds()))
        .tags(tags)
        .strongReference(true)
        .register(registry);
  }

  private static double valueOf(
      @Nullable LayerSnapshot snapshot, ToDoubleFunction<LayerSnapshot> value) {
    return snapshot == null ? Double.NaN : value.applyAsDouble(snapshot);
  }

  private static Thread refresherThread(Runnable task) {
    Thread thread = new Thread(task, "channels-metrics-snapshot");
    thread.setDaemon(true);
    return thread;
  }
}
