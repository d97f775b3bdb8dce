package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Frames to one client, and the close after them, on a container without asynchronous send, where
 * every write blocks the thread that makes it, as on Jetty.
 */
class OutboundTest {

  private final List<CloseStatus> closes = new CopyOnWriteArrayList<>();

  @Test
  void aWriteThatBlocksDoesNotBlockTheWatchdogWhichClosesTheClient() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    BlockingSession session = new BlockingSession(release);
    Outbound outbound = new Outbound(session, Duration.ofMillis(1), 1024 * 1024, closes::add);
    try {
      CompletableFuture.runAsync(
          () -> outbound.send(new TextMessage("to a client that never reads")));
      assertThat(session.writing.await(10, TimeUnit.SECONDS)).isTrue();

      CompletableFuture<Void> watchdog =
          CompletableFuture.runAsync(
              () -> outbound.checkStalled(System.nanoTime() + Duration.ofSeconds(1).toNanos()));

      Awaitility.await().until(watchdog::isDone);
      assertThat(closes)
          .containsExactly(CloseStatus.SESSION_NOT_RELIABLE.withReason("send time limit exceeded"));
    } finally {
      release.countDown();
    }
  }

  @Test
  void aFailedWriteClosesTheSessionWith1011AndDropsLaterFrames() {
    FailingSession session = new FailingSession();
    Outbound outbound = new Outbound(session, Duration.ofSeconds(10), 1024 * 1024, closes::add);

    outbound.send(new TextMessage("first"));
    outbound.send(new TextMessage("second"));

    assertThat(closes).containsExactly(CloseStatus.SERVER_ERROR.withReason("send failed"));
    assertThat(session.attempts).containsExactly("first");
  }

  @Test
  void framesAreWrittenInOrderAndAQueueOverTwiceTheBufferLimitClosesWith4500() {
    InProcessSession session = new InProcessSession("ordered", Map.of());
    Outbound outbound = new Outbound(session, Duration.ofSeconds(10), 10, closes::add);

    outbound.send(new TextMessage("one"));
    outbound.send(new TextMessage("eleven bytes"));
    outbound.send(new TextMessage("twenty-one bytes long"));

    assertThat(session.sent)
        .map(message -> message.getPayload().toString())
        .containsExactly("one", "eleven bytes");
    assertThat(closes)
        .containsExactly(CloseStatus.SESSION_NOT_RELIABLE.withReason("send buffer limit exceeded"));
  }

  @Test
  void aQueueAtTheBufferLimitHasNoRoomUntilTheClientTakesAFrame() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    BlockingSession session = new BlockingSession(release);
    Outbound outbound = new Outbound(session, Duration.ofSeconds(10), 10, closes::add);
    CompletableFuture.runAsync(() -> outbound.send(new TextMessage("in flight")));
    assertThat(session.writing.await(10, TimeUnit.SECONDS)).isTrue();

    outbound.send(new TextMessage("eleven bytes"));
    CompletableFuture<Void> room = outbound.whenHasRoom();

    assertThat(outbound.hasRoom()).isFalse();
    assertThat(room).isNotDone();
    release.countDown();
    assertThat(room).succeedsWithin(Duration.ofSeconds(10));
    assertThat(closes).isEmpty();
  }

  @Test
  void aCloseWaitsForTheFramesQueuedBeforeItAndDropsTheFramesAfterIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    BlockingSession session = new BlockingSession(release);
    Outbound outbound = new Outbound(session, Duration.ofSeconds(10), 1024 * 1024, closes::add);
    CompletableFuture.runAsync(() -> outbound.send(new TextMessage("in flight")));
    assertThat(session.writing.await(10, TimeUnit.SECONDS)).isTrue();
    outbound.send(new TextMessage("queued"));

    outbound.close(CloseStatus.GOING_AWAY);
    outbound.send(new TextMessage("after the close"));
    assertThat(closes).isEmpty();
    release.countDown();

    Awaitility.await().until(() -> !closes.isEmpty());
    assertThat(closes).containsExactly(CloseStatus.GOING_AWAY);
    assertThat(session.sent)
        .map(message -> message.getPayload().toString())
        .containsExactly("in flight", "queued");
  }

  @Test
  void aCloseWithNothingQueuedClosesAtOnceAndOnlyTheFirstCloseCounts() {
    Outbound outbound =
        new Outbound(
            new InProcessSession("idle", Map.of()), Duration.ofSeconds(10), 1024, closes::add);

    outbound.close(CloseStatus.POLICY_VIOLATION);
    outbound.close(CloseStatus.NORMAL);

    assertThat(closes).containsExactly(CloseStatus.POLICY_VIOLATION);
  }

  @Test
  void aCloseWhoseFramesAreNotTakenWithinTheSendTimeLimitClosesWith4500() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    BlockingSession session = new BlockingSession(release);
    Outbound outbound = new Outbound(session, Duration.ofSeconds(10), 1024 * 1024, closes::add);
    try {
      CompletableFuture.runAsync(() -> outbound.send(new TextMessage("never read")));
      assertThat(session.writing.await(10, TimeUnit.SECONDS)).isTrue();
      outbound.close(CloseStatus.NORMAL);

      outbound.checkStalled(System.nanoTime() + Duration.ofSeconds(11).toNanos());

      assertThat(closes)
          .containsExactly(CloseStatus.SESSION_NOT_RELIABLE.withReason("send time limit exceeded"));
    } finally {
      release.countDown();
    }
  }

  /** A session whose writes block until released. */
  private static final class BlockingSession extends InProcessSession {
    final CountDownLatch writing = new CountDownLatch(1);
    private final CountDownLatch release;

    BlockingSession(CountDownLatch release) {
      super("blocking", Map.of());
      this.release = release;
    }

    @Override
    public void sendMessage(WebSocketMessage<?> message) throws IOException {
      writing.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      super.sendMessage(message);
    }
  }

  /** A session whose connection is gone: every write fails. */
  private static final class FailingSession extends InProcessSession {
    final List<Object> attempts = new CopyOnWriteArrayList<>();

    FailingSession() {
      super("failing", Map.of());
    }

    @Override
    public void sendMessage(WebSocketMessage<?> message) throws IOException {
      attempts.add(message.getPayload());
      throw new IOException("Broken pipe");
    }
  }
}
