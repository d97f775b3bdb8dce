package dev.channels.spring.actuate;

import dev.channels.ChannelLayer;
import dev.channels.LayerSnapshot;
import dev.channels.spring.ChannelLayerBackend;
import dev.channels.spring.ChannelLayers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code channels} actuator endpoint: each layer alias with its backend, running totals, and
 * the groups and channels it holds now; and under {@code /{alias}/{group}}, a group's live members
 * counted and who is present in it, a page at a time ({@code /{alias}/{group}/{next}}). Taking a
 * snapshot may scan Redis, so it is waited for at most {@link #SNAPSHOT_TIMEOUT}, in all; an alias
 * whose snapshot is late or fails reports why.
 */
@Endpoint(id = "channels")
public final class ChannelsEndpoint {

  /** The longest a request waits for the layers' snapshots. */
  public static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(5);

  private final ChannelLayers layers;
  private final LayerBackends backends;
  private final Duration timeout;

  /** The endpoint over every layer of {@code layers}, each described by its backend. */
  public ChannelsEndpoint(ChannelLayers layers, List<ChannelLayerBackend> backends) {
    this(layers, backends, SNAPSHOT_TIMEOUT);
  }

  ChannelsEndpoint(ChannelLayers layers, List<ChannelLayerBackend> backends, Duration timeout) {
    this.layers = layers;
    this.backends = new LayerBackends(backends);
    this.timeout = timeout;
  }

  /** Every layer, by alias; the snapshots are taken at the same time. */
  @ReadOperation
  public ChannelsDescriptor layers() {
    Map<String, CompletableFuture<LayerSnapshot>> pending = new LinkedHashMap<>();
    layers.asMap().forEach((alias, layer) -> pending.put(alias, snapshotOf(layer)));
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, LayerDescriptor> described = new LinkedHashMap<>();
    pending.forEach(
        (alias, snapshot) -> described.put(alias, describe(layers.get(alias), snapshot, deadline)));
    return new ChannelsDescriptor(described);
  }

  /** The layer under {@code alias}, or null (404 over HTTP) if there is none. */
  @ReadOperation
  public @Nullable LayerDescriptor layer(@Selector String alias) {
    ChannelLayer layer = layers.asMap().get(alias);
    if (layer == null) {
      return null;
    }
    return describe(layer, snapshotOf(layer), System.nanoTime() + timeout.toNanos());
  }

  /**
   * A group of the layer under {@code alias}: its live members, counted, and the first page of its
   * presence; null (404) if there is no such layer.
   */
  @ReadOperation
  public @Nullable GroupDescriptor group(@Selector String alias, @Selector String group) {
    ChannelLayer layer = layers.asMap().get(alias);
    return layer == null ? null : GroupDescriptor.read(layer, group, null, timeout.toNanos());
  }

  /** The page of a group's presence after the cursor {@code after}: another page's {@code next}. */
  @ReadOperation
  public @Nullable GroupDescriptor groupPage(
      @Selector String alias, @Selector String group, @Selector String after) {
    ChannelLayer layer = layers.asMap().get(alias);
    return layer == null ? null : GroupDescriptor.read(layer, group, after, timeout.toNanos());
  }

  private static CompletableFuture<LayerSnapshot> snapshotOf(ChannelLayer layer) {
    try {
      return layer.snapshot();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private LayerDescriptor describe(
      ChannelLayer layer, CompletableFuture<LayerSnapshot> snapshot, long deadline) {
    try {
      long left = Math.max(0, deadline - System.nanoTime());
      return LayerDescriptor.of(
          backends.nameOf(layer), layer, snapshot.get(left, TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return LayerDescriptor.failed(
          backends.nameOf(layer),
          layer,
          "No snapshot within %d ms; the backend is slow or unreachable. See /actuator/health/channels."
              .formatted(timeout.toMillis()));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return LayerDescriptor.failed(
          backends.nameOf(layer), layer, "The snapshot failed: " + cause.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return LayerDescriptor.failed(
          backends.nameOf(layer), layer, "Interrupted while waiting for the snapshot.");
    }
  }

  /**
   * What the {@code channels} endpoint reports.
   *
   * @param layers each layer by alias, "default" first
   */
  public record ChannelsDescriptor(Map<String, LayerDescriptor> layers)
      implements OperationResponseBody {}
}
