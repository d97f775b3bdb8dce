package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Message;
import dev.channels.spring.ChannelConsumer;
import dev.channels.spring.ChannelHandler;
import dev.channels.spring.ConsumerSession;
import dev.channels.spring.OnBinary;
import dev.channels.spring.OnConnect;
import dev.channels.spring.OnDisconnect;
import dev.channels.spring.OnText;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Scope;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.socket.CloseStatus;

/** The consumers the WebSocket tests talk to, in an application of their own. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({
  TestConsumers.Chat.class,
  TestConsumers.PerConnection.class,
  TestConsumers.Direct.class,
  TestConsumers.Gated.class,
  TestConsumers.Eager.class,
  TestConsumers.Farewell.class,
  TestConsumers.ThreadReport.class
})
class TestConsumers {

  record ChatInput(String message) {}

  record ChatEvent(String type, String message) {}

  /** The Django tutorial's chat, plus handlers that misbehave on request. */
  @ChannelConsumer(path = "/ws/chat/{room}/", groups = "chat_{room}")
  static class Chat {

    final Map<String, CloseStatus> disconnects = new ConcurrentHashMap<>();
    final Map<String, String> channels = new ConcurrentHashMap<>();

    /** Frames the work handler sends its client, 16 KiB each, before it sleeps. */
    static final int WORK_FRAMES = 20;

    final CountDownLatch workStarted = new CountDownLatch(1);
    final List<Object> workDone = new CopyOnWriteArrayList<>();

    @OnConnect
    void connect(ConsumerSession session, @PathVariable String room) {
      if (room.equals("forbidden")) {
        session.close(CloseStatus.POLICY_VIOLATION);
        return;
      }
      channels.put(session.id(), session.channelName());
    }

    @OnText
    void receive(ConsumerSession session, ChatInput input, @PathVariable("room") String room) {
      session.groupSend("chat_" + room, Message.of("chat.message", "message", input.message()));
    }

    @OnBinary
    void echo(ConsumerSession session, byte[] bytes) {
      session.sendBinary(bytes);
    }

    @ChannelHandler("chat.message")
    void chatMessage(ConsumerSession session, ChatEvent event) {
      session.sendJson(Map.of("message", event.message()));
    }

    @ChannelHandler("test.fail")
    void fail(Message message) {
      throw new IllegalStateException("handler failed on purpose");
    }

    @ChannelHandler("test.slow")
    CompletionStage<Void> slow(ConsumerSession session, Message message) {
      return CompletableFuture.runAsync(
          () -> session.sendText("slow " + message.get("n")),
          CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
    }

    /**
     * Work that takes a while: shutdown must let it finish rather than interrupt it. The sleep is
     * the slow handler itself, not a wait for something to happen; the test waits on {@link
     * #workStarted} and then shuts down while the handler still sleeps.
     */
    @ChannelHandler("test.work")
    void work(ConsumerSession session, Message message) throws InterruptedException {
      for (int i = 0; i < WORK_FRAMES; i++) {
        session.sendText("working " + i + " " + "x".repeat(16 * 1024));
      }
      workStarted.countDown();
      Thread.sleep(500);
      workDone.add(message.get("n"));
    }

    @ChannelHandler("test.raw")
    void raw(ConsumerSession session, Message message) {
      session.sendText("raw " + message.get("n"));
    }

    @OnDisconnect
    void disconnect(ConsumerSession session, CloseStatus status) {
      disconnects.put(session.id(), status);
    }
  }

  /** A prototype-scoped consumer: one instance, so one counter, per connection. */
  @ChannelConsumer("/ws/counter/")
  @Scope("prototype")
  static class PerConnection {

    static final AtomicInteger INSTANCES = new AtomicInteger();
    private int count;

    PerConnection() {
      INSTANCES.incrementAndGet();
    }

    @OnText
    void count(ConsumerSession session, String text) {
      session.sendText(String.valueOf(++count));
    }
  }

  /**
   * Messages addressed to one connection: a client learns its channel name, another client sends to
   * that channel with {@code session.send}. Binary frames come in as a {@code ByteBuffer}.
   */
  @ChannelConsumer("/ws/direct/")
  static class Direct {

    record Note(String to, String message) {}

    @OnConnect
    void connect(ConsumerSession session) {
      session.accept();
      session.sendJson(Map.of("channel", session.channelName()));
    }

    @OnText
    CompletionStage<Void> forward(ConsumerSession session, Note note) {
      return session.send(note.to(), Message.of("direct.note", "message", note.message()));
    }

    @OnBinary
    void size(ConsumerSession session, ByteBuffer frame) {
      session.sendText("read-only " + frame.isReadOnly() + ", " + frame.remaining() + " bytes");
    }

    @ChannelHandler("direct.note")
    void note(ConsumerSession session, Message message) {
      session.sendJson(Map.of("message", message.get("message")));
    }
  }

  /** Sends in {@code @OnConnect} without accepting first, which Django refuses too. */
  @ChannelConsumer("/ws/eager/")
  static class Eager {
    @OnConnect
    void connect(ConsumerSession session) {
      session.sendText("too soon");
    }
  }

  /** A handler that finishes only when the test opens its gate, so client messages pile up. */
  @ChannelConsumer("/ws/gated/")
  static class Gated {

    final CompletableFuture<Void> gate = new CompletableFuture<>();

    @OnText
    CompletionStage<Void> receive(String text) {
      return gate;
    }
  }

  /**
   * Says goodbye at length: for a client's text, the close code it asks for, it sends {@link
   * #FRAMES} frames, some large and some binary, and then closes with that code, all in one
   * handler, as a Django consumer's {@code send} calls followed by its {@code close}.
   */
  @ChannelConsumer("/ws/farewell/")
  static class Farewell {

    static final int FRAMES = 200;

    @OnText
    void farewell(ConsumerSession session, String code) {
      for (int n = 0; n < FRAMES; n++) {
        if (n % 50 == 49) {
          session.sendBinary(binaryFrame(n));
        } else {
          session.sendText(textFrame(n));
        }
      }
      session.close(new CloseStatus(Integer.parseInt(code), "farewell"));
    }

    /** Reads what {@link #farewell} sends, failing at the first frame missing or out of order. */
    static void assertEveryFrameArrivesInOrder(TestClient client) throws InterruptedException {
      for (int n = 0; n < FRAMES; n++) {
        if (n % 50 == 49) {
          assertThat(client.nextBinary()).as("frame %d", n).isEqualTo(binaryFrame(n));
        } else {
          assertThat(client.nextText()).as("frame %d", n).isEqualTo(textFrame(n));
        }
      }
    }

    /** Frame {@code n}, text; every twentieth is 32 KiB, the rest a few bytes. */
    static String textFrame(int n) {
      return n % 20 == 0 ? n + ":" + "x".repeat(32 * 1024) : String.valueOf(n);
    }

    /** Frame {@code n}, binary: 16 KiB of {@code n}. */
    static byte[] binaryFrame(int n) {
      byte[] frame = new byte[16 * 1024];
      Arrays.fill(frame, (byte) n);
      return frame;
    }
  }

  /** Answers each text from its client with the thread its handler runs on. */
  @ChannelConsumer("/ws/thread/")
  static class ThreadReport {

    @OnText
    void report(ConsumerSession session, String text) {
      session.sendText(Thread.currentThread().toString());
    }
  }
}
