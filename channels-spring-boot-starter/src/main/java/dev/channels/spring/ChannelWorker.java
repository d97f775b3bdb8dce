package dev.channels.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a bean as the worker of normal (not process-local) channels, as Django's {@code runworker}
 * with a {@code ChannelNameRouter}: its {@link ChannelHandler} methods handle the channels'
 * messages by type, off the WebSocket path. Several instances of the application share a channel,
 * and each message is handled once, by one of them.
 *
 * <pre>{@code
 * @ChannelWorker("thumbnails")
 * class Thumbnails {
 *   @ChannelHandler("thumbnails.generate")
 *   void generate(Generate request) { ... }   // {"type": "thumbnails.generate", "id": 42}
 * }
 * }</pre>
 *
 * <p>Handler parameters are the {@link dev.channels.Message} or any type bound from its fields with
 * Jackson; a worker has no session. A handler may return a {@link
 * java.util.concurrent.CompletionStage}, which its slot waits for before taking the next message.
 * {@code channels.worker.enabled=false} keeps an instance from working any channel; {@code
 * channels.worker.channels} limits it to some.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface ChannelWorker {

  /** Alias for {@link #channels()}. */
  @AliasFor("channels")
  String[] value() default {};

  /** The normal channels this worker takes messages from, such as {@code thumbnails}. */
  @AliasFor("value")
  String[] channels() default {};

  /**
   * Messages of each channel handled at once on this instance; {@code
   * channels.worker.concurrency.[channel]} overrides it.
   */
  int concurrency() default 1;

  /** The alias of the channel layer, under {@code channels.layers}. */
  String layer() default "default";
}
