/**
 * Channel layers in Spring Boot: annotate a bean with {@link dev.channels.spring.ChannelConsumer}
 * to serve a WebSocket path, and its methods with {@link dev.channels.spring.ChannelHandler} to
 * handle channel messages by type.
 */
@NullMarked
package dev.channels.spring;

import org.jspecify.annotations.NullMarked;
