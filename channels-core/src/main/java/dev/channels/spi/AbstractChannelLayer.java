package dev.channels.spi;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerClosedException;
import dev.channels.ChannelLayerSettings;
import dev.channels.ChannelLayerStats;
import dev.channels.Message;
import dev.channels.MessageTooLargeException;
import dev.channels.codec.MessagePackCodec;
import java.util.concurrent.CompletableFuture;

/**
 * The base of a backend: it checks every call the same way, so a backend implements only what
 * differs. Names are validated first and refused at once with {@link
 * dev.channels.InvalidNameException}; then a closed layer fails the call with {@link
 * ChannelLayerClosedException}; then a message over {@code max-message-size} fails it with {@link
 * MessageTooLargeException}, measured once and handed on, so the backend need not measure it again.
 * Only then is the backend's {@code do...} method called.
 *
 * <p>The base also gives each layer instance its id (for {@link #newChannel(String)} names) and its
 * {@link LayerCounters}, which {@link #stats()} reports. A backend whose broker routes by another
 * layout of names makes its own with {@link #newChannelName(String)}. {@link #close()} runs {@link
 * #doClose()} once; calls racing it are the backend's to fail, as the contract's close tests
 * require.
 */
public abstract class AbstractChannelLayer implements ChannelLayer {

  private final ChannelLayerSettings settings;
  private final String instanceId = ChannelIds.newInstanceId();
  private final LayerCounters counters = new LayerCounters();
  private volatile boolean closed;

  /** A layer with {@code settings}. */
  protected AbstractChannelLayer(ChannelLayerSettings settings) {
    this.settings = settings;
  }

  @Override
  public final CompletableFuture<Void> send(String channel, Message message) {
    Names.requireValidChannel(channel);
    if (closed) {
      return closedFuture();
    }
    long size = MessagePackCodec.encodedSize(message);
    return size > settings.maxMessageSize()
        ? tooLarge(message, size)
        : doSend(channel, message, size);
  }

  @Override
  public final CompletableFuture<Message> receive(String channel) {
    Names.requireValidChannel(channel);
    return closed ? closedFuture() : doReceive(channel);
  }

  @Override
  public final String newChannel(String prefix) {
    if (closed) {
      throw new ChannelLayerClosedException(toString());
    }
    return newChannelName(prefix);
  }

  @Override
  public final CompletableFuture<Void> groupAdd(String group, String channel) {
    Names.requireValidGroup(group);
    Names.requireValidChannel(channel);
    return closed ? closedFuture() : doGroupAdd(group, channel);
  }

  @Override
  public final CompletableFuture<Void> groupDiscard(String group, String channel) {
    Names.requireValidGroup(group);
    Names.requireValidChannel(channel);
    return closed ? closedFuture() : doGroupDiscard(group, channel);
  }

  @Override
  public final CompletableFuture<Void> groupSend(String group, Message message) {
    Names.requireValidGroup(group);
    if (closed) {
      return closedFuture();
    }
    long size = MessagePackCodec.encodedSize(message);
    return size > settings.maxMessageSize()
        ? tooLarge(message, size)
        : doGroupSend(group, message, size);
  }

  @Override
  public final CompletableFuture<Void> flush() {
    return closed ? closedFuture() : doFlush();
  }

  @Override
  public final ChannelLayerStats stats() {
    return counters;
  }

  @Override
  public final ChannelLayerSettings settings() {
    return settings;
  }

  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    doClose();
  }

  /** Sends a message that has passed the checks; {@code size} is its encoded size. */
  protected abstract CompletableFuture<Void> doSend(String channel, Message message, long size);

  /** Receives from a valid channel of an open layer. */
  protected abstract CompletableFuture<Message> doReceive(String channel);

  /** Adds a valid channel to a valid group. */
  protected abstract CompletableFuture<Void> doGroupAdd(String group, String channel);

  /** Removes a valid channel from a valid group. */
  protected abstract CompletableFuture<Void> doGroupDiscard(String group, String channel);

  /** Sends a message that has passed the checks to every member of a valid group. */
  protected abstract CompletableFuture<Void> doGroupSend(String group, Message message, long size);

  /** Removes every message and group of an open layer. */
  protected abstract CompletableFuture<Void> doFlush();

  /** Releases the backend's resources; called once, after the layer is marked closed. */
  protected abstract void doClose();

  /**
   * The name {@link #newChannel(String)} returns for {@code prefix}, once the layer is known to be
   * open: channels_redis's layout, {@code <prefix>.<instance id>!<local id>}, unless the backend's
   * broker routes by a layout of its own. An override validates the prefix itself, for instance
   * with {@link Names#requireValidChannelPrefix}, keeps the name within {@link
   * Names#MAX_GENERATED_LENGTH} and puts exactly one {@code !} in it.
   */
  protected String newChannelName(String prefix) {
    return ChannelIds.newChannel(prefix, instanceId);
  }

  /** Whether {@link #close()} has been called. */
  protected final boolean isClosed() {
    return closed;
  }

  /** The counters behind {@link #stats()}, for the backend to count what it does. */
  protected final LayerCounters counters() {
    return counters;
  }

  /** This layer instance's id, which its {@link #newChannel(String)} names carry. */
  protected final String instanceId() {
    return instanceId;
  }

  /** Whether {@code channel} is a process-local channel this layer instance made. */
  protected final boolean isOwnChannel(String channel) {
    return ChannelIds.isOf(channel, instanceId);
  }

  /** A future failed with {@link ChannelLayerClosedException}, for calls that race a close. */
  protected final <T> CompletableFuture<T> closedFuture() {
    return CompletableFuture.failedFuture(new ChannelLayerClosedException(toString()));
  }

  private <T> CompletableFuture<T> tooLarge(Message message, long size) {
    return CompletableFuture.failedFuture(
        new MessageTooLargeException(message.type(), size, settings.maxMessageSize()));
  }
}
