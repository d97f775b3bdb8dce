package dev.channels.bench.memory;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.Message;
import dev.channels.layer.memory.InMemoryChannelLayer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Group send to a group of {@code members} channels, each with a receiver that takes its message
 * and waits again, as a WebSocket consumer does. The score counts deliveries (operations per
 * invocation = members); the receivers' own count is checked so nothing is skipped or dropped.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FanOutBenchmark {

  static final Message CHAT = Message.of("chat.message", "message", "Hello, everyone!");

  @Param("1000")
  public int members;

  private InMemoryChannelLayer layer;
  private final LongAdder delivered = new LongAdder();
  private long sent;

  @Setup(Level.Trial)
  public void createGroupWithReceivers() {
    layer = new InMemoryChannelLayer(ChannelLayerSettings.defaults());
    for (int i = 0; i < members; i++) {
      String channel = layer.newChannel();
      layer.groupAdd("lobby", channel).join();
      receiveForever(layer, channel);
    }
  }

  private void receiveForever(ChannelLayer source, String channel) {
    source
        .receive(channel)
        .thenAccept(
            message -> {
              delivered.increment();
              receiveForever(source, channel);
            });
  }

  @TearDown(Level.Trial)
  public void checkEveryMessageArrived() {
    layer.close();
    if (delivered.sum() != sent) {
      throw new IllegalStateException(
          "sent %d deliveries but receivers got %d".formatted(sent, delivered.sum()));
    }
  }

  @Benchmark
  @OperationsPerInvocation(1000)
  public void groupSend() {
    layer.groupSend("lobby", CHAT).join();
    sent += members;
  }
}
