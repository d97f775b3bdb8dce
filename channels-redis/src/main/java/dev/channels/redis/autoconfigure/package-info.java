/**
 * Spring Boot auto-configuration of the Redis backend: {@code channels.layers.<alias>.backend:
 * redis} with the starter on the classpath.
 */
@NullMarked
package dev.channels.redis.autoconfigure;

import org.jspecify.annotations.NullMarked;
