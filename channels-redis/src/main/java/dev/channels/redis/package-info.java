/**
 * The Redis channel layer, on Spring Data Redis with Lettuce, sharing keys and message format with
 * Django Channels' channels_redis, so Spring and Django apps on one Redis share channels and
 * groups.
 */
@NullMarked
package dev.channels.redis;

import org.jspecify.annotations.NullMarked;
