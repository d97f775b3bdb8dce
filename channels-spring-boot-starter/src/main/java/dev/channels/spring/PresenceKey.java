package dev.channels.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method of a {@link ChannelConsumer} that says who a connection is in the groups of its
 * {@link ChannelConsumer#presence()}: it returns the presence key as a {@code String} (a user id),
 * or a {@link PresenceInfo} with the data others see too, or null to keep the connection out of
 * presence. It takes what {@link OnConnect} methods take: {@link ConsumerSession}, the {@link
 * java.security.Principal}, {@code @PathVariable} and {@code @RequestParam} (the connection URL's
 * query) parameters.
 *
 * <pre>{@code
 * @PresenceKey
 * PresenceInfo presence(Principal user, @RequestParam String name) {
 *   return PresenceInfo.of(user.getName(), Map.of("name", name));
 * }
 * }</pre>
 *
 * <p>Without such a method the key is the authenticated user's name, and a connection without one
 * is not present. Runs once per connection, after {@link OnConnect} accepted it.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PresenceKey {}
