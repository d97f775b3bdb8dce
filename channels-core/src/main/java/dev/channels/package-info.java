/**
 * The channel layer API: named channels, groups of channels and the messages sent over them, after
 * Django Channels' channel layer specification.
 *
 * <p>Start with {@link dev.channels.ChannelLayer}; build messages with {@link
 * dev.channels.Message}. Every failure is a {@link dev.channels.ChannelLayerException}.
 */
@NullMarked
package dev.channels;

import org.jspecify.annotations.NullMarked;
