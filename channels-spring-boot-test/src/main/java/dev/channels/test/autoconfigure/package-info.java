/**
 * Spring test support for applications on Spring Channels: {@link
 * dev.channels.test.autoconfigure.InMemoryChannelLayers} runs every layer in memory.
 */
@NullMarked
package dev.channels.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
