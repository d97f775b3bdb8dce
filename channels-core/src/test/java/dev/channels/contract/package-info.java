/**
 * The channel layer contract test kit: extend {@link dev.channels.contract.ChannelLayerContract}
 * and implement its hook to prove a backend follows the specification. Published in the test-jar of
 * {@code channels-core}.
 */
package dev.channels.contract;
