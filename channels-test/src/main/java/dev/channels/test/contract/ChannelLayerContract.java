package dev.channels.test.contract;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import java.time.InstantSource;
import org.junit.jupiter.api.Nested;

/**
 * The whole channel layer specification as tests: every concept's contract, nested. A backend's
 * test extends this class and implements {@link #createLayer}; passing all of it is what "a channel
 * layer" means here. Each concept's contract can also be extended on its own.
 *
 * <pre>{@code
 * class InMemoryChannelLayerContractTest extends ChannelLayerContract {
 *   @Override
 *   protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
 *     return new InMemoryChannelLayer(settings, clock);
 *   }
 * }
 * }</pre>
 */
public abstract class ChannelLayerContract {

  /**
   * A new, empty layer of the backend under test with {@code settings}, reading the time from
   * {@code clock}; the contract closes it after the test.
   */
  protected abstract ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock);

  /**
   * How the backend lays out the names {@code newChannel} makes: channels_redis's layout unless
   * overridden.
   */
  protected ChannelNaming naming() {
    return ChannelNaming.channelsRedis();
  }

  @Nested
  class SendAndReceive extends SendAndReceiveContract {
    @Override
    protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
      return ChannelLayerContract.this.createLayer(settings, clock);
    }
  }

  @Nested
  class ProcessLocalChannels extends ProcessLocalChannelsContract {
    @Override
    protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
      return ChannelLayerContract.this.createLayer(settings, clock);
    }

    @Override
    protected ChannelNaming naming() {
      return ChannelLayerContract.this.naming();
    }
  }

  @Nested
  class Capacity extends CapacityContract {
    @Override
    protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
      return ChannelLayerContract.this.createLayer(settings, clock);
    }
  }

  @Nested
  class Groups extends GroupsContract {
    @Override
    protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
      return ChannelLayerContract.this.createLayer(settings, clock);
    }
  }

  @Nested
  class Expiry extends ExpiryContract {
    @Override
    protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
      return ChannelLayerContract.this.createLayer(settings, clock);
    }
  }

  @Nested
  class Flush extends FlushContract {
    @Override
    protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
      return ChannelLayerContract.this.createLayer(settings, clock);
    }
  }

  @Nested
  class Names extends NamesContract {
    @Override
    protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
      return ChannelLayerContract.this.createLayer(settings, clock);
    }
  }

  @Nested
  class MessageTypes extends MessageTypesContract {
    @Override
    protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
      return ChannelLayerContract.this.createLayer(settings, clock);
    }
  }

  @Nested
  class SizeLimit extends SizeLimitContract {
    @Override
    protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
      return ChannelLayerContract.this.createLayer(settings, clock);
    }
  }

  @Nested
  class Concurrency extends ConcurrencyContract {
    @Override
    protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
      return ChannelLayerContract.this.createLayer(settings, clock);
    }
  }

  @Nested
  class Cancellation extends CancellationContract {
    @Override
    protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
      return ChannelLayerContract.this.createLayer(settings, clock);
    }
  }

  @Nested
  class Lifecycle extends LifecycleContract {
    @Override
    protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
      return ChannelLayerContract.this.createLayer(settings, clock);
    }
  }

  @Nested
  class BulkSends extends BulkSendsContract {
    @Override
    protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
      return ChannelLayerContract.this.createLayer(settings, clock);
    }
  }

  @Nested
  class Extensions extends ExtensionsContract {
    @Override
    protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
      return ChannelLayerContract.this.createLayer(settings, clock);
    }
  }
}
