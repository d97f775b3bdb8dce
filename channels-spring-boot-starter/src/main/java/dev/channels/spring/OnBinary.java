package dev.channels.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Called for each binary frame from the client, resolved as a {@code byte[]} or {@link
 * java.nio.ByteBuffer} parameter. Runs on the consumer's thread pool, in order with the
 * connection's other events.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnBinary {}
