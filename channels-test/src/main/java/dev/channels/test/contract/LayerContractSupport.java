package dev.channels.test.contract;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.Message;
import dev.channels.test.MutableClock;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every contract class shares: a {@link MutableClock} the backend must read, so expiry is
 * tested by moving the clock and never by sleeping; a fresh layer before each test; and the layers
 * a test makes, closed after it. A backend author extends a concept's contract (or {@link
 * ChannelLayerContract} for all of them) and implements {@link #createLayer}.
 */
public abstract class LayerContractSupport {

  /** The time every layer of a test reads. */
  protected final MutableClock clock = new MutableClock();

  private final List<ChannelLayer> created = new ArrayList<>();

  /** A layer made with the default settings before each test. */
  protected ChannelLayer layer;

  /**
   * A new, empty layer of the backend under test with {@code settings}, reading the time from
   * {@code clock}.
   */
  protected abstract ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock);

  /** A layer with {@code settings}, closed after the test. */
  protected ChannelLayer layer(ChannelLayerSettings settings) {
    ChannelLayer made = createLayer(settings, clock);
    created.add(made);
    return made;
  }

  /** A layer with the defaults changed by {@code change}, closed after the test. */
  protected ChannelLayer layer(Consumer<ChannelLayerSettings.Builder> change) {
    ChannelLayerSettings.Builder builder = ChannelLayerSettings.builder();
    change.accept(builder);
    return layer(builder.build());
  }

  @BeforeEach
  protected void createDefaultLayer() {
    layer = layer(ChannelLayerSettings.defaults());
  }

  @AfterEach
  protected void closeLayers() {
    created.forEach(ChannelLayer::close);
  }

  /** The result of {@code future}, failing the test if it does not arrive in good time. */
  protected static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("The layer's future did not complete normally: " + e, e);
    }
  }

  protected static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "contract-test");
    thread.setDaemon(true);
    return thread;
  }

  protected static Message chat(String text) {
    return Message.of("chat.message", "message", text);
  }

  protected static Message numbered(int number) {
    return Message.of("test.numbered", "n", number);
  }

  /** One layer operation, as a test table's row. */
  @FunctionalInterface
  protected interface Call {
    /** Calls the operation on {@code target}: its future, or its result. */
    Object on(ChannelLayer target);
  }
}
