package dev.channels.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Called once a connection is open, before anything else happens on it. Join groups here, check who
 * connected, and close the session to refuse it; otherwise it is accepted when the method returns.
 * Runs on the consumer's thread pool, in order with the connection's other events.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnConnect {}
