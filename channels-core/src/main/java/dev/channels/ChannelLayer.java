package dev.channels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A channel layer: named channels (FIFO queues with at-most-once delivery), and groups of channels
 * that receive one broadcast each, after Django Channels' channel layer specification.
 *
 * <p>Every I/O method is asynchronous and returns a {@link CompletableFuture}; it may complete on
 * the thread of whoever made it complete (another sender, or a driver thread), so do slow work in
 * an {@code ...Async} stage with your own executor. {@link #blocking()} gives the same operations
 * for plain threads. Invalid names and messages are programming errors and are thrown at once;
 * everything that depends on the state of the layer (a full channel, an unreachable backend)
 * completes the future exceptionally with a {@link ChannelLayerException}.
 *
 * <pre>{@code
 * String channel = layer.newChannel();
 * layer.groupAdd("chat_lobby", channel).join();
 * layer.groupSend("chat_lobby", Message.of("chat.message", "message", "Hello")).join();
 * Message received = layer.receive(channel).join();
 * }</pre>
 */
public interface ChannelLayer extends AutoCloseable {

  /**
   * Sends {@code message} to {@code channel}.
   *
   * <p>The future fails with {@link ChannelFullException} if the channel holds its capacity of
   * unread messages, and with {@link MessageTooLargeException} if the encoded message exceeds the
   * layer's {@code max-message-size}.
   *
   * @throws InvalidNameException if {@code channel} is not a valid channel name
   */
  CompletableFuture<Void> send(String channel, Message message);

  /**
   * Receives the next message on {@code channel}, waiting until one arrives. For a process-local
   * channel from {@link #newChannel()}, pass the full name. Several receivers on one channel each
   * get different messages.
   *
   * <p>To stop waiting, cancel the returned future or let it time out ({@code orTimeout}, {@code
   * completeOnTimeout}); completing it yourself does the same. The wait ends at once, and a message
   * sent afterwards goes to the next receive instead. Cancelling a stage derived from it ({@code
   * thenApply}, {@code thenAccept} and the like) does not: the receive still waits, and takes the
   * next message for a stage nobody reads.
   *
   * @throws InvalidNameException if {@code channel} is not a valid channel name
   */
  CompletableFuture<Message> receive(String channel);

  /**
   * A new process-local channel name, such as {@code specific.<instance id>!<local id>}, for a
   * consumer of this process to receive on.
   *
   * @throws ChannelLayerClosedException if the layer is closed
   */
  default String newChannel() {
    return newChannel("specific");
  }

  /**
   * A new process-local channel name that carries {@code prefix}: {@code <prefix>.<instance
   * id>!<local id>} in the in-memory and Redis layers, the layout of channels_redis; a backend
   * whose broker routes by another layout lays it out as its Django peer does (RabbitMQ: {@code
   * <queue>!<prefix>.<local id>}).
   *
   * <p>Generated names are at most 99 characters, which Django peers also accept.
   *
   * @throws InvalidNameException if the prefix is not letters, digits, '-', '_' or '.', or so long
   *     that the name would pass 99 characters (33 in the in-memory and Redis layers)
   * @throws ChannelLayerClosedException if the layer is closed
   */
  String newChannel(String prefix);

  /**
   * Adds {@code channel} to {@code group}, or renews its membership if it is already there.
   *
   * @throws InvalidNameException if a name is not valid
   */
  CompletableFuture<Void> groupAdd(String group, String channel);

  /**
   * Removes {@code channel} from {@code group}; does nothing if it is not a member.
   *
   * @throws InvalidNameException if a name is not valid
   */
  CompletableFuture<Void> groupDiscard(String group, String channel);

  /**
   * Sends {@code message} once to every channel in {@code group}. Members that are full are skipped
   * (and counted), never reported as an error; the future may fail with {@link
   * MessageTooLargeException}.
   *
   * @throws InvalidNameException if {@code group} is not a valid group name
   */
  CompletableFuture<Void> groupSend(String group, Message message);

  /**
   * Sends each message to its channel, as {@link #send} sends one, in as few round trips as the
   * backend can (on Redis, one per shard for up to 128 messages); messages to one channel keep
   * their order. A full channel refuses its message without failing the others.
   *
   * <p>The future completes with the messages refused because their channel was full, in their
   * order (empty when every message was taken), and fails with {@link MessageTooLargeException},
   * sending nothing, if any message is over {@code max-message-size}.
   *
   * @throws InvalidNameException if a channel name is not valid; nothing is sent then
   */
  default CompletableFuture<List<ChannelMessage>> sendMany(List<ChannelMessage> messages) {
    SendFailures.requireValidChannels(messages);
    try {
      SendFailures.requireWithin(messages, settings().maxMessageSize());
    } catch (MessageTooLargeException e) {
      return CompletableFuture.failedFuture(e);
    }
    List<ChannelMessage> full = java.util.Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<?>[] sends =
        messages.stream()
            .map(
                item ->
                    send(item.channel(), item.message())
                        .exceptionally(
                            failure -> {
                              if (SendFailures.isFull(failure)) {
                                full.add(item);
                                return null;
                              }
                              throw SendFailures.rethrow(failure);
                            }))
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(sends).thenApply(done -> SendFailures.inOrder(messages, full));
  }

  /**
   * Sends each message to its group, as {@link #groupSend} sends one, together where the backend
   * can; messages to one group keep their order.
   *
   * @throws InvalidNameException if a group name is not valid; nothing is sent then
   */
  default CompletableFuture<Void> groupSendMany(List<GroupMessage> messages) {
    messages.forEach(item -> dev.channels.spi.Names.requireValidGroup(item.group()));
    return CompletableFuture.allOf(
        messages.stream()
            .map(item -> groupSend(item.group(), item.message()))
            .toArray(CompletableFuture[]::new));
  }

  /**
   * Sends {@code message} once to every channel in {@code group} but those in {@code excluded},
   * such as the sender's own channel: what {@link #groupSend(String, Message)} does otherwise.
   * Needs {@link Extension#GROUP_SEND_EXCLUDING} unless {@code excluded} is empty.
   *
   * @throws InvalidNameException if {@code group} or an excluded channel is not a valid name
   * @throws UnsupportedExtensionException if the layer lacks the extension
   */
  default CompletableFuture<Void> groupSend(String group, Message message, Set<String> excluded) {
    if (excluded.isEmpty()) {
      return groupSend(group, message);
    }
    throw new UnsupportedExtensionException(this, Extension.GROUP_SEND_EXCLUDING, "groupSend");
  }

  /**
   * How many live members {@code group} has across every instance: those added and not discarded,
   * whose last {@code groupAdd} is younger than the group expiry, Django's members included on a
   * shared Redis. Costs the same whatever the group's size (one {@code ZCOUNT} on Redis).
   *
   * @throws InvalidNameException if {@code group} is not a valid group name
   * @throws UnsupportedExtensionException if the layer lacks {@link Extension#PRESENCE}
   */
  default CompletableFuture<Long> groupSize(String group) {
    throw new UnsupportedExtensionException(this, Extension.PRESENCE, "groupSize");
  }

  /**
   * The first page of {@link #groupChannels(String, String, int)}, of {@value Page#DEFAULT_SIZE}.
   */
  default CompletableFuture<Page<String>> groupChannels(String group) {
    return groupChannels(group, null, Page.DEFAULT_SIZE);
  }

  /**
   * The live members of {@code group} across every instance, a page of at most {@code size} at a
   * time, oldest membership first: {@code after} is null for the first page, and the {@link
   * Page#next()} of the page before for the others. A member renewed while the pages are read may
   * show up twice; one present throughout shows up at least once.
   *
   * @throws InvalidNameException if {@code group} is not a valid group name
   * @throws IllegalArgumentException if {@code size} is not 1 to {@value Page#MAX_SIZE}, or {@code
   *     after} is not a cursor this listing gave
   * @throws UnsupportedExtensionException if the layer lacks {@link Extension#PRESENCE}
   */
  default CompletableFuture<Page<String>> groupChannels(
      String group, @Nullable String after, int size) {
    throw new UnsupportedExtensionException(this, Extension.PRESENCE, "groupChannels");
  }

  /**
   * Records {@code channel} as present in {@code group} under {@code key} (a user id, say) with
   * {@code data} (what others should see of it: MessagePack values, at most {@value
   * Presence#MAX_DATA_SIZE} bytes encoded), and sends {@code presence.join} to the group's
   * subscribers if it was not there yet; joining again replaces key and data, without an event.
   *
   * <p>The entry lasts until {@link #presenceLeave}, or until this layer closes, which removes its
   * entries at once; a layer that stops without closing (a killed process) loses them within {@code
   * presence-timeout} (20 s by default), and another instance then sends their {@code
   * presence.leave}. Presence is independent of group membership: join the group too, to receive
   * its messages.
   *
   * @throws InvalidNameException if a name is not valid
   * @throws InvalidMessageException if {@code key} is empty, longer than {@value
   *     Presence#MAX_KEY_LENGTH} characters or holds a NUL, or {@code data} is not MessagePack
   *     values within {@value Presence#MAX_DATA_SIZE} bytes
   * @throws UnsupportedExtensionException if the layer lacks {@link Extension#PRESENCE}
   */
  default CompletableFuture<Void> presenceJoin(
      String group, String channel, String key, Map<String, ?> data) {
    throw new UnsupportedExtensionException(this, Extension.PRESENCE, "presenceJoin");
  }

  /**
   * Removes {@code channel}'s presence from {@code group}, and sends {@code presence.leave} to the
   * group's subscribers if it was there; does nothing otherwise.
   *
   * @throws InvalidNameException if a name is not valid
   * @throws UnsupportedExtensionException if the layer lacks {@link Extension#PRESENCE}
   */
  default CompletableFuture<Void> presenceLeave(String group, String channel) {
    throw new UnsupportedExtensionException(this, Extension.PRESENCE, "presenceLeave");
  }

  /** The first page of {@link #presence(String, String, int)}, of {@value Page#DEFAULT_SIZE}. */
  default CompletableFuture<Page<Presence>> presence(String group) {
    return presence(group, null, Page.DEFAULT_SIZE);
  }

  /**
   * Who is present in {@code group} across every instance, grouped by key and sorted by it, at most
   * {@code size} keys a page; a key's connections are never split across pages. {@code after} is
   * null for the first page, and the {@link Page#next()} of the page before for the others.
   *
   * @throws InvalidNameException if {@code group} is not a valid group name
   * @throws IllegalArgumentException if {@code size} is not 1 to {@value Page#MAX_SIZE}, or {@code
   *     after} is not a cursor this listing gave
   * @throws UnsupportedExtensionException if the layer lacks {@link Extension#PRESENCE}
   */
  default CompletableFuture<Page<Presence>> presence(
      String group, @Nullable String after, int size) {
    throw new UnsupportedExtensionException(this, Extension.PRESENCE, "presence");
  }

  /**
   * Delivers the presence events of {@code group} to {@code channel} from now on, as ordinary
   * messages: {@code presence.join} and {@code presence.leave}, each with {@code group}, {@code
   * key}, {@code channel} and {@code data}, and for a leave its {@code reason} ({@code "left"}, or
   * {@code "timeout"} for an instance that stopped without closing). Events of one member arrive in
   * the order they happened. The subscription is a group membership (of the group's events), and
   * lasts as one does: until {@link #presenceUnsubscribe} or the group expiry.
   *
   * @throws InvalidNameException if a name is not valid
   * @throws UnsupportedExtensionException if the layer lacks {@link Extension#PRESENCE}
   */
  default CompletableFuture<Void> presenceSubscribe(String group, String channel) {
    throw new UnsupportedExtensionException(this, Extension.PRESENCE, "presenceSubscribe");
  }

  /**
   * Stops delivering {@code group}'s presence events to {@code channel}.
   *
   * @throws InvalidNameException if a name is not valid
   * @throws UnsupportedExtensionException if the layer lacks {@link Extension#PRESENCE}
   */
  default CompletableFuture<Void> presenceUnsubscribe(String group, String channel) {
    throw new UnsupportedExtensionException(this, Extension.PRESENCE, "presenceUnsubscribe");
  }

  /** Removes every message and group of this layer. Meant for tests and development. */
  CompletableFuture<Void> flush();

  /**
   * What the layer holds now: groups with their member counts and channels with their unread
   * messages. For monitoring and tests; a backend may scan its storage to answer.
   */
  CompletableFuture<LayerSnapshot> snapshot();

  /** The optional parts of the specification this layer provides. */
  Set<Extension> extensions();

  /** Running totals of sends, receives and drops. */
  ChannelLayerStats stats();

  /** The settings the layer runs with. */
  ChannelLayerSettings settings();

  /**
   * Releases the layer's resources. Pending receives fail with {@link ChannelLayerClosedException},
   * and so do later sends, receives, group operations, flushes and {@code newChannel} calls,
   * including those that race the close. {@link #stats()} and {@link #settings()} still answer.
   */
  @Override
  void close();

  /** The same operations for plain threads: each call waits for its result. */
  default BlockingChannelLayer blocking() {
    return new BlockingChannelLayer(this);
  }
}
