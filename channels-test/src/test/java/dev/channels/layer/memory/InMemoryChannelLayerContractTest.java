package dev.channels.layer.memory;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.test.contract.ChannelLayerContract;
import java.time.InstantSource;

class InMemoryChannelLayerContractTest extends ChannelLayerContract {

  @Override
  protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
    return new InMemoryChannelLayer(settings, clock);
  }
}
