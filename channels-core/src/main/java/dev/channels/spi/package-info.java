/**
 * For backend authors: what every channel layer shares, written once. Extend {@link
 * dev.channels.spi.AbstractChannelLayer}, which checks names, message sizes and the closed state
 * before calling the backend, and counts in {@link dev.channels.spi.LayerCounters}; buffer received
 * messages in {@link dev.channels.spi.LocalChannels}; make and recognise process-local names with
 * {@link dev.channels.spi.ChannelIds} and {@link dev.channels.spi.Names}. Prove the backend with
 * the contract kit in {@code channels-test}.
 */
@NullMarked
package dev.channels.spi;

import org.jspecify.annotations.NullMarked;
