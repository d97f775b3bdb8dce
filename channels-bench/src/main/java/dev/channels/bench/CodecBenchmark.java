package dev.channels.bench;

import dev.channels.Message;
import dev.channels.codec.MessagePackCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Encode plus decode of a chat message that encodes to 100 bytes, as Django peers exchange. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {

  /** {"type": "chat.message", "message": <77 ASCII characters>}: 100 bytes of MessagePack. */
  static final Message CHAT =
      Message.of(
          "chat.message",
          "message",
          "Hello from room lobby! This line pads the chat message to one hundred bytes..");

  private final byte[] encoded = MessagePackCodec.encode(CHAT);

  @Benchmark
  public Message encodeAndDecode() {
    return MessagePackCodec.decode(MessagePackCodec.encode(CHAT));
  }

  @Benchmark
  public byte[] encode() {
    return MessagePackCodec.encode(CHAT);
  }

  @Benchmark
  public Message decode() {
    return MessagePackCodec.decode(encoded);
  }
}
