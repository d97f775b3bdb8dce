package dev.channels.spring.actuate;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.ChannelLayerStats;
import dev.channels.Extension;
import dev.channels.LayerSnapshot;
import dev.channels.Message;
import dev.channels.layer.memory.InMemoryChannelLayer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A layer of a kind the starter does not know: it works like an in-memory layer, but its snapshots
 * come from a supplier, so tests can make them late or fail.
 */
final class ForeignLayer implements ChannelLayer {

  private final InMemoryChannelLayer delegate = new InMemoryChannelLayer();
  private final Supplier<CompletableFuture<LayerSnapshot>> snapshots;

  ForeignLayer(Supplier<CompletableFuture<LayerSnapshot>> snapshots) {
    this.snapshots = snapshots;
  }

  /** A layer whose snapshots never arrive. */
  static ForeignLayer hanging() {
    return new ForeignLayer(CompletableFuture::new);
  }

  @Override
  public CompletableFuture<LayerSnapshot> snapshot() {
    return snapshots.get();
  }

  @Override
  public CompletableFuture<Void> send(String channel, Message message) {
    return delegate.send(channel, message);
  }

  @Override
  public CompletableFuture<Message> receive(String channel) {
    return delegate.receive(channel);
  }

  @Override
  public String newChannel(String prefix) {
    return delegate.newChannel(prefix);
  }

  @Override
  public CompletableFuture<Void> groupAdd(String group, String channel) {
    return delegate.groupAdd(group, channel);
  }

  @Override
  public CompletableFuture<Void> groupDiscard(String group, String channel) {
    return delegate.groupDiscard(group, channel);
  }

  @Override
  public CompletableFuture<Void> groupSend(String group, Message message) {
    return delegate.groupSend(group, message);
  }

  @Override
  public CompletableFuture<Void> flush() {
    return delegate.flush();
  }

  @Override
  public Set<Extension> extensions() {
    return delegate.extensions();
  }

  @Override
  public ChannelLayerStats stats() {
    return delegate.stats();
  }

  @Override
  public ChannelLayerSettings settings() {
    return delegate.settings();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
