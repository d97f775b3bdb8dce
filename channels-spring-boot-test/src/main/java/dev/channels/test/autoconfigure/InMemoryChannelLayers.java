package dev.channels.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs every channel layer of a Spring test's application in memory, whatever {@code
 * application.yml} or the profile says: each alias under {@code channels.layers} gets {@code
 * backend: in-memory}, with its expiry, capacity and other shared settings kept. Tests of consumers
 * and handlers then need no broker, as Django tests use {@code InMemoryChannelLayer}.
 *
 * <pre>{@code
 * @SpringBootTest(webEnvironment = RANDOM_PORT)
 * @InMemoryChannelLayers
 * class ChatTest { ... }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface InMemoryChannelLayers {}
