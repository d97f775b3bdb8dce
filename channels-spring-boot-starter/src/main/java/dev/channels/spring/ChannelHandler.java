package dev.channels.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Handles channel messages of the given types in a {@link ChannelConsumer}:
 * {@code @ChannelHandler("chat.message")} is Django's {@code chat_message} method. Parameters are
 * resolved by type: {@link ConsumerSession}, {@link dev.channels.Message}, a path variable
 * ({@code @PathVariable}), or any other type, bound from the message's fields with Jackson. The
 * method may return {@code void} or a {@link java.util.concurrent.CompletionStage} that the next
 * message waits for.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ChannelHandler {

  /** The message types handled, such as {@code chat.message}. */
  String[] value();
}
