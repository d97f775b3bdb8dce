package dev.channels.bench.memory;

import dev.channels.BlockingChannelLayer;
import dev.channels.ChannelFullException;
import dev.channels.ChannelLayerSettings;
import dev.channels.Message;
import dev.channels.layer.memory.InMemoryChannelLayer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Control;

/**
 * One message through one channel of the in-memory layer: a send and the receive that takes it.
 * {@code sameThread} does both on one thread; the {@code handOff} group runs a sender and a
 * receiver on the two cores, the receiver waiting on the layer's future as a consumer does.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PointToPointBenchmark {

  static final Message CHAT = Message.of("chat.message", "message", "Hello, world!");

  private InMemoryChannelLayer layer;
  private String channel;
  private BlockingChannelLayer blocking;

  @Setup(Level.Trial)
  public void createLayer() {
    layer = new InMemoryChannelLayer(ChannelLayerSettings.defaults());
    channel = layer.newChannel();
    blocking = layer.blocking();
  }

  @TearDown(Level.Trial)
  public void closeLayer() {
    layer.close();
  }

  @Benchmark
  @Group("sameThread")
  @GroupThreads(1)
  public Message sendThenReceive() {
    layer.send(channel, CHAT);
    return layer.receive(channel).join();
  }

  @Benchmark
  @Group("handOff")
  @GroupThreads(1)
  public void sender(Control control) {
    // Stops retrying once JMH ends the iteration, when the receiver has already left.
    while (!control.stopMeasurement) {
      try {
        layer.send(channel, CHAT).join();
        return;
      } catch (CompletionException e) {
        if (!(e.getCause() instanceof ChannelFullException)) {
          throw e;
        }
        // The receiver is behind: back off as a producer honouring ChannelFull would.
        Thread.onSpinWait();
      }
    }
  }

  @Benchmark
  @Group("handOff")
  @GroupThreads(1)
  public Optional<Message> receiver() {
    // A bounded wait, so the receiver can leave when JMH stops the sender at an iteration's end.
    return blocking.receive(channel, Duration.ofMillis(100));
  }
}
