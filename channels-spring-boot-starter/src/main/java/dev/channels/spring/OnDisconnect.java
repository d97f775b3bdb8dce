package dev.channels.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Called once when the connection has closed, with its {@link
 * org.springframework.web.socket.CloseStatus} if asked. Group memberships are discarded right
 * after, whatever this method does. Runs on the consumer's thread pool, in order with the
 * connection's other events.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnDisconnect {}
