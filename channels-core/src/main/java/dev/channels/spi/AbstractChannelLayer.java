package dev.channels.spi;

import dev.channels.ChannelFullException;
import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerClosedException;
import dev.channels.ChannelLayerSettings;
import dev.channels.ChannelLayerStats;
import dev.channels.ChannelMessage;
import dev.channels.Extension;
import dev.channels.GroupMessage;
import dev.channels.Message;
import dev.channels.MessageTooLargeException;
import dev.channels.Page;
import dev.channels.Presence;
import dev.channels.UnsupportedExtensionException;
import dev.channels.codec.MessagePackCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * The base of a backend: it checks every call the same way, so a backend implements only what
 * differs. Names are validated first and refused at once with {@link
 * dev.channels.InvalidNameException}; then a closed layer fails the call with {@link
 * ChannelLayerClosedException}; then a message over {@code max-message-size} fails it with {@link
 * MessageTooLargeException}, measured once and handed on, so the backend need not measure it again.
 * Only then is the backend's {@code do...} method called.
 *
 * <p>The optional parts ({@link Extension#PRESENCE}, {@link Extension#GROUP_SEND_EXCLUDING}) are
 * checked the same way, and refused with {@link UnsupportedExtensionException} unless {@link
 * #extensions()} lists them; a backend that lists one overrides its {@code do...} methods. The base
 * sends the presence events itself: a backend reports which joins were new and which entries it
 * removed, and {@link #announceLeaves} sends the leaves of entries it found timed out. {@code
 * sendMany} and {@code groupSendMany} work on every backend, one message at a time unless it
 * overrides {@link #doSendMany} and {@link #doGroupSendMany}.
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
  public final CompletableFuture<List<ChannelMessage>> sendMany(List<ChannelMessage> messages) {
    messages.forEach(item -> Names.requireValidChannel(item.channel()));
    if (closed) {
      return closedFuture();
    }
    long[] sizes = new long[messages.size()];
    for (int i = 0; i < sizes.length; i++) {
      Message message = messages.get(i).message();
      sizes[i] = MessagePackCodec.encodedSize(message);
      if (sizes[i] > settings.maxMessageSize()) {
        return tooLarge(message, sizes[i]);
      }
    }
    return messages.isEmpty()
        ? CompletableFuture.completedFuture(List.of())
        : doSendMany(List.copyOf(messages), sizes);
  }

  @Override
  public final CompletableFuture<Void> groupSendMany(List<GroupMessage> messages) {
    messages.forEach(item -> Names.requireValidGroup(item.group()));
    if (closed) {
      return closedFuture();
    }
    long[] sizes = new long[messages.size()];
    for (int i = 0; i < sizes.length; i++) {
      Message message = messages.get(i).message();
      sizes[i] = MessagePackCodec.encodedSize(message);
      if (sizes[i] > settings.maxMessageSize()) {
        return tooLarge(message, sizes[i]);
      }
    }
    return messages.isEmpty()
        ? CompletableFuture.completedFuture(null)
        : doGroupSendMany(List.copyOf(messages), sizes);
  }

  @Override
  public final CompletableFuture<Void> groupSend(
      String group, Message message, Set<String> excluded) {
    Names.requireValidGroup(group);
    excluded.forEach(Names::requireValidChannel);
    if (excluded.isEmpty()) {
      return groupSend(group, message);
    }
    require(Extension.GROUP_SEND_EXCLUDING, "groupSend");
    if (closed) {
      return closedFuture();
    }
    long size = MessagePackCodec.encodedSize(message);
    return size > settings.maxMessageSize()
        ? tooLarge(message, size)
        : doGroupSendExcluding(group, message, size, Set.copyOf(excluded));
  }

  @Override
  public final CompletableFuture<Long> groupSize(String group) {
    Names.requireValidGroup(group);
    require(Extension.PRESENCE, "groupSize");
    return closed ? closedFuture() : doGroupSize(group);
  }

  @Override
  public final CompletableFuture<Page<String>> groupChannels(
      String group, @Nullable String after, int size) {
    Names.requireValidGroup(group);
    Page.requireValidSize(size);
    require(Extension.PRESENCE, "groupChannels");
    return closed ? closedFuture() : doGroupChannels(group, after, size);
  }

  @Override
  public final CompletableFuture<Void> presenceJoin(
      String group, String channel, String key, Map<String, ?> data) {
    Names.requireValidGroup(group);
    Names.requireValidChannel(channel);
    PresenceEntry entry = PresenceEntry.of(channel, key, data);
    require(Extension.PRESENCE, "presenceJoin");
    if (closed) {
      return closedFuture();
    }
    return doPresenceJoin(group, entry)
        .thenCompose(
            joined -> joined ? announce(group, PresenceEvents.join(group, entry)) : done());
  }

  @Override
  public final CompletableFuture<Void> presenceLeave(String group, String channel) {
    Names.requireValidGroup(group);
    Names.requireValidChannel(channel);
    require(Extension.PRESENCE, "presenceLeave");
    if (closed) {
      return closedFuture();
    }
    return doPresenceLeave(group, channel)
        .thenCompose(
            left ->
                left == null
                    ? done()
                    : announce(group, PresenceEvents.leave(group, left, PresenceEvents.LEFT)));
  }

  @Override
  public final CompletableFuture<Page<Presence>> presence(
      String group, @Nullable String after, int size) {
    Names.requireValidGroup(group);
    Page.requireValidSize(size);
    require(Extension.PRESENCE, "presence");
    return closed ? closedFuture() : doPresence(group, after, size);
  }

  @Override
  public final CompletableFuture<Void> presenceSubscribe(String group, String channel) {
    Names.requireValidGroup(group);
    Names.requireValidChannel(channel);
    require(Extension.PRESENCE, "presenceSubscribe");
    return closed ? closedFuture() : doGroupAdd(PresenceEvents.groupOf(group), channel);
  }

  @Override
  public final CompletableFuture<Void> presenceUnsubscribe(String group, String channel) {
    Names.requireValidGroup(group);
    Names.requireValidChannel(channel);
    require(Extension.PRESENCE, "presenceUnsubscribe");
    return closed ? closedFuture() : doGroupDiscard(PresenceEvents.groupOf(group), channel);
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

  /**
   * Sends valid messages of checked sizes to their channels; completes with those refused because
   * their channel was full, in order. By default, one {@link #doSend} after another.
   */
  protected CompletableFuture<List<ChannelMessage>> doSendMany(
      List<ChannelMessage> messages, long[] sizes) {
    List<CompletableFuture<Boolean>> sends = new ArrayList<>(messages.size());
    for (int i = 0; i < sizes.length; i++) {
      ChannelMessage item = messages.get(i);
      sends.add(
          doSend(item.channel(), item.message(), sizes[i])
              .handle(
                  (sent, failure) -> {
                    if (failure == null) {
                      return true;
                    }
                    if (unwrap(failure) instanceof ChannelFullException) {
                      return false;
                    }
                    throw new CompletionException(unwrap(failure));
                  }));
    }
    return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<ChannelMessage> full = new ArrayList<>();
              for (int i = 0; i < sends.size(); i++) {
                if (!sends.get(i).join()) {
                  full.add(messages.get(i));
                }
              }
              return full;
            });
  }

  /** Sends valid messages of checked sizes to their groups; by default, one after another. */
  protected CompletableFuture<Void> doGroupSendMany(List<GroupMessage> messages, long[] sizes) {
    CompletableFuture<?>[] sends = new CompletableFuture<?>[sizes.length];
    for (int i = 0; i < sizes.length; i++) {
      sends[i] = doGroupSend(messages.get(i).group(), messages.get(i).message(), sizes[i]);
    }
    return CompletableFuture.allOf(sends);
  }

  /** Sends to every member of a valid group but the {@code excluded} channels (never empty). */
  protected CompletableFuture<Void> doGroupSendExcluding(
      String group, Message message, long size, Set<String> excluded) {
    throw new UnsupportedExtensionException(this, Extension.GROUP_SEND_EXCLUDING, "groupSend");
  }

  /** The live members of a valid group, counted. */
  protected CompletableFuture<Long> doGroupSize(String group) {
    throw new UnsupportedExtensionException(this, Extension.PRESENCE, "groupSize");
  }

  /** A page of a valid group's live members, after the cursor {@code after} (null: the first). */
  protected CompletableFuture<Page<String>> doGroupChannels(
      String group, @Nullable String after, int size) {
    throw new UnsupportedExtensionException(this, Extension.PRESENCE, "groupChannels");
  }

  /**
   * Records a checked presence entry in a valid group, replacing the channel's entry if it has one;
   * completes with whether the channel was not present before, which sends the join event.
   */
  protected CompletableFuture<Boolean> doPresenceJoin(String group, PresenceEntry entry) {
    throw new UnsupportedExtensionException(this, Extension.PRESENCE, "presenceJoin");
  }

  /**
   * Removes a channel's presence from a valid group; completes with the entry removed, whose leave
   * event is then sent, or null if there was none.
   */
  protected CompletableFuture<@Nullable PresenceEntry> doPresenceLeave(
      String group, String channel) {
    throw new UnsupportedExtensionException(this, Extension.PRESENCE, "presenceLeave");
  }

  /** A page of a valid group's presence, by key, after the cursor {@code after} (null: first). */
  protected CompletableFuture<Page<Presence>> doPresence(
      String group, @Nullable String after, int size) {
    throw new UnsupportedExtensionException(this, Extension.PRESENCE, "presence");
  }

  /**
   * Sends the {@code presence.join} of each of {@code entries}, which the backend put back into
   * {@code group} after losing them (a broker restarted empty), in order.
   */
  protected final CompletableFuture<Void> announceJoins(String group, List<PresenceEntry> entries) {
    CompletableFuture<?>[] sends =
        entries.stream()
            .map(entry -> announce(group, PresenceEvents.join(group, entry)))
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(sends);
  }

  /**
   * Sends the {@code presence.leave} of each of {@code entries}, which the backend removed from
   * {@code group} (timed out, or left on close), in order; completes when all are sent.
   */
  protected final CompletableFuture<Void> announceLeaves(
      String group, List<PresenceEntry> entries, String reason) {
    CompletableFuture<?>[] sends =
        entries.stream()
            .map(entry -> announce(group, PresenceEvents.leave(group, entry, reason)))
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(sends);
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

  private CompletableFuture<Void> announce(String group, Message event) {
    return doGroupSend(PresenceEvents.groupOf(group), event, MessagePackCodec.encodedSize(event));
  }

  private void require(Extension extension, String operation) {
    if (!extensions().contains(extension)) {
      throw new UnsupportedExtensionException(this, extension, operation);
    }
  }

  private static CompletableFuture<Void> done() {
    return CompletableFuture.completedFuture(null);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private <T> CompletableFuture<T> tooLarge(Message message, long size) {
    return CompletableFuture.failedFuture(
        new MessageTooLargeException(message.type(), size, settings.maxMessageSize()));
  }
}
