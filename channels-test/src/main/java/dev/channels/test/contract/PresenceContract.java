package dev.channels.test.contract;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import java.time.InstantSource;
import org.junit.jupiter.api.Nested;

/**
 * The {@link dev.channels.Extension#PRESENCE} and {@link
 * dev.channels.Extension#GROUP_SEND_EXCLUDING} extensions as tests, on one layer: a backend that
 * lists them extends this class as it extends {@link ChannelLayerContract}, and {@link
 * SharedBrokerPresenceContract} for what two instances see of each other.
 */
public abstract class PresenceContract {

  /**
   * A new, empty layer of the backend under test with {@code settings}, reading the time from
   * {@code clock}; the contract closes it after the test.
   */
  protected abstract ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock);

  @Nested
  class GroupListing extends GroupListingContract {
    @Override
    protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
      return PresenceContract.this.createLayer(settings, clock);
    }
  }

  @Nested
  class Entries extends PresenceEntriesContract {
    @Override
    protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
      return PresenceContract.this.createLayer(settings, clock);
    }
  }

  @Nested
  class Events extends PresenceEventsContract {
    @Override
    protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
      return PresenceContract.this.createLayer(settings, clock);
    }
  }

  @Nested
  class GroupSendExcluding extends GroupSendExcludingContract {
    @Override
    protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
      return PresenceContract.this.createLayer(settings, clock);
    }
  }
}
