package dev.channels;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

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
