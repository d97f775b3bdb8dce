package dev.channels.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Called for each text frame from the client. The frame is resolved as a String parameter, or, for
 * any other parameter type, parsed as JSON into it; invalid JSON closes the session with 1007. Runs
 * on the consumer's thread pool, in order with the connection's other events.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnText {}
