package dev.channels.layer.memory;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.test.contract.SharedBrokerContract;
import java.time.InstantSource;

/**
 * The in-memory layer's broker is its own process: two "instances" in one JVM share one layer, so
 * both instances are the same layer here, and the contract states that sharing holds within it.
 */
class InMemorySharedBrokerContractTest extends SharedBrokerContract {

  private InMemoryChannelLayer shared;

  @Override
  protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
    if (shared == null) {
      shared = new InMemoryChannelLayer(settings, clock);
    }
    return shared;
  }
}
