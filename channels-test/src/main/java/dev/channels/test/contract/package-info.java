/**
 * The channel layer contract test kit for backend authors: one abstract class per concept
 * (channels, groups, capacity, expiry, ...), all of them nested in {@link
 * dev.channels.test.contract.ChannelLayerContract}. A backend's test extends it and implements
 * {@code createLayer}.
 */
package dev.channels.test.contract;
