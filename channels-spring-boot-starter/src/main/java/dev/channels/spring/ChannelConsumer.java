package dev.channels.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a bean as the consumer of a WebSocket path, like a Django Channels consumer. Each
 * connection gets its own channel from the layer and is served one event at a time: the lifecycle
 * methods ({@link OnConnect}, {@link OnText}, {@link OnBinary}, {@link OnDisconnect}) and the
 * {@link ChannelHandler} methods that the channel's messages select by their type.
 *
 * <pre>{@code
 * @ChannelConsumer(path = "/ws/chat/{room}/", groups = "chat_{room}")
 * class ChatConsumer {
 *   @OnText
 *   CompletableFuture<Void> receive(ConsumerSession session, ChatInput input, @PathVariable String room) {
 *     return session.groupSend("chat_" + room, Message.of("chat.message", "message", input.message()));
 *   }
 *
 *   @ChannelHandler("chat.message")
 *   void chatMessage(ConsumerSession session, ChatEvent event) {
 *     session.sendJson(Map.of("message", event.message()));
 *   }
 * }
 * }</pre>
 *
 * <p>The bean is a singleton unless scoped otherwise; a prototype-scoped consumer gets one instance
 * per connection, for per-connection fields as in Django.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface ChannelConsumer {

  /** Alias for {@link #path()}. */
  @AliasFor("path")
  String[] value() default {};

  /**
   * The WebSocket paths served, with optional path variables such as {@code /ws/chat/{room}/}.
   * Trailing slashes count: {@code /ws/chat/{room}/} does not match {@code /ws/chat/lobby}.
   */
  @AliasFor("value")
  String[] path() default {};

  /**
   * Groups every connection joins before {@link OnConnect} runs and leaves when it closes, like
   * Django's {@code groups} attribute. Path variables may be used: {@code chat_{room}}.
   */
  String[] groups() default {};

  /**
   * Groups in which every connection is present (see {@link dev.channels.ChannelLayer#presence})
   * from the moment {@link OnConnect} accepted it until it closes, under the key a {@link
   * PresenceKey} method gives, or else the authenticated user's name. Path variables may be used:
   * {@code chat_{room}}. A consumer with a {@code @ChannelHandler("presence.join")} or {@code
   * "presence.leave"} method also receives these groups' presence events, its own join first. The
   * On a layer without {@link dev.channels.Extension#PRESENCE} (RabbitMQ) the consumer runs without
   * presence, with a warning at startup.
   */
  String[] presence() default {};

  /**
   * The alias of the channel layer, under {@code channels.layers}, as in {@link ChannelLayers}; an
   * alias that is not configured stops startup.
   */
  String layer() default "default";
}
