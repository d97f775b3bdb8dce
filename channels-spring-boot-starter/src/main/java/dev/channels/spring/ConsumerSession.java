package dev.channels.spring;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import dev.channels.Page;
import dev.channels.Presence;
import java.net.URI;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.CloseStatus;

/**
 * One WebSocket connection served by a {@link ChannelConsumer}: its own channel on the layer, its
 * groups, and its client. Safe to use from any thread.
 */
public interface ConsumerSession {

  /** The WebSocket session id. */
  String id();

  /** The connection's own process-local channel, which its handlers receive from. */
  String channelName();

  /** The channel layer the consumer uses. */
  ChannelLayer channelLayer();

  /** The path variables of the connection's URL, such as {@code room}. */
  Map<String, String> pathVariables();

  /**
   * The value of path variable {@code name}.
   *
   * @throws IllegalArgumentException if the path has no such variable
   */
  String pathVariable(String name);

  /** The URL the client connected to. */
  @Nullable URI uri();

  /** The authenticated user, if any. */
  @Nullable Principal principal();

  /** Per-connection state that handlers may share. */
  Map<String, Object> attributes();

  /** Accepts the connection: frames may be sent. Called for you when {@link OnConnect} returns. */
  void accept();

  /** Whether the connection is still open; false from the moment {@link #close} is called. */
  boolean isOpen();

  /** Closes the connection normally (1000); see {@link #close(CloseStatus)}. */
  void close();

  /**
   * Closes the connection with {@code status} once the frames sent before this call have been
   * written, as a Django consumer's sends reach its client before its close; frames sent after it
   * are dropped. Nothing waits meanwhile, and a client that has not taken those frames within the
   * send time limit is closed with 4500 instead. From this call on no handler starts but {@link
   * OnDisconnect}'s, and called in {@link OnConnect} it refuses the connection: the channel is
   * never read.
   */
  void close(CloseStatus status);

  /**
   * Sends a text frame to the client. Frames are queued and written in order; a client that falls
   * behind the send limits is disconnected.
   *
   * @throws IllegalStateException before the connection is accepted
   */
  void sendText(String text);

  /** Sends {@code value} as JSON in a text frame; see {@link #sendText}. */
  void sendJson(Object value);

  /** Sends a binary frame; see {@link #sendText}. */
  void sendBinary(byte[] bytes);

  /**
   * Adds this connection's channel to {@code group}; it leaves it when the connection closes. Once
   * the session has ended, the future fails with {@link IllegalStateException} and no membership is
   * made.
   *
   * @throws dev.channels.InvalidNameException if the layer refuses the group name
   */
  CompletableFuture<Void> groupAdd(String group);

  /**
   * Removes this connection's channel from {@code group}.
   *
   * @throws dev.channels.InvalidNameException if the layer refuses the group name
   */
  CompletableFuture<Void> groupDiscard(String group);

  /** Sends {@code message} to every channel of {@code group}. */
  CompletableFuture<Void> groupSend(String group, Message message);

  /**
   * Sends {@code message} to every channel of {@code group} but this connection's own; the layer
   * must provide {@link dev.channels.Extension#GROUP_SEND_EXCLUDING}.
   */
  CompletableFuture<Void> groupSendToOthers(String group, Message message);

  /**
   * Who is present in {@code group}, across every instance: the first page of up to 100 keys, each
   * with its connections; follow it with {@link ChannelLayer#presence(String, String, int)}.
   */
  CompletableFuture<Page<Presence>> presence(String group);

  /** Sends {@code message} to {@code channel}. */
  CompletableFuture<Void> send(String channel, Message message);
}
