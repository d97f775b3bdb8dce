package dev.channels.layer.memory;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.test.contract.PresenceContract;
import java.time.InstantSource;

/**
 * Presence on one in-memory layer. The shared-broker presence contract does not apply: the layer's
 * broker is its process, so no other instance outlives it to list what it leaves behind.
 */
class InMemoryPresenceContractTest extends PresenceContract {

  @Override
  protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
    return new InMemoryChannelLayer(settings, clock);
  }
}
