package dev.channels.spring.consumer;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * Closes sessions away from the consumer pool. A close can wait on its client: Tomcat sends the
 * close frame of a normal close (1000) as a blocking write that first waits for the frame still in
 * flight, up to its blocking send timeout of 20 s, so a handful of clients that stopped reading
 * would otherwise hold every consumer thread. Closes run on threads of their own (virtual threads
 * when the consumer pool uses them, else a small pool whose threads exist only while closes are
 * pending), and each session's blocking send timeout is cut to a short one before it is closed.
 */
final class SessionCloser {

  /** Tomcat's per-session user property: how long a blocking send, the close frame's, may wait. */
  static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

  /** Set on a session's attributes once its container has reported it closed. */
  static final String CLOSED_ATTRIBUTE = SessionCloser.class.getName() + ".closed";

  private static final Logger log = LoggerFactory.getLogger(SessionCloser.class);
  private static final Duration LONGEST_CLOSE_SEND = Duration.ofSeconds(1);
  private static final int PLATFORM_THREADS = 4;

  private final Executor executor;
  private final Long closeSendTimeoutMillis;

  /**
   * @param handlerPool the consumer pool; closes share its virtual threads if it has them
   * @param sendTimeLimit the send time limit; a close frame gets no longer, and at most 1 s, to be
   *     written before the connection is dropped without it
   */
  SessionCloser(Executor handlerPool, Duration sendTimeLimit) {
    this.executor =
        handlerPool instanceof VirtualThreadTaskExecutor
            ? new VirtualThreadTaskExecutor("channels-close-")
            : platformPool();
    this.closeSendTimeoutMillis =
        Math.max(1, Math.min(sendTimeLimit.toMillis(), LONGEST_CLOSE_SEND.toMillis()));
  }

  /** Closes {@code session} with {@code status} soon, on a thread of the closer's own. */
  void close(WebSocketSession session, CloseStatus status) {
    try {
      executor.execute(() -> closeNow(session, status));
    } catch (RejectedExecutionException e) {
      closeNow(session, status); // shutting down: no thread is waited for any more
    }
  }

  /** Closes {@code session} in the calling thread, waiting at most the short close send timeout. */
  void closeNow(WebSocketSession session, CloseStatus status) {
    try {
      log.debug("Closing session {} with {} (open: {})", session.getId(), status, session.isOpen());
      if (session.isOpen()) {
        limitCloseSendTime(session);
        if (JettyAsyncSend.PRESENT) {
          dropIfNotClosedInTime(session);
        }
        session.close(status);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("Closing session {} failed", session.getId(), e);
    }
  }

  // Jetty's close may wait behind frames the client never takes: another thread drops the
  // connection if the close has not ended it in time.
  private void dropIfNotClosedInTime(WebSocketSession session) {
    try {
      executor.execute(
          () ->
              JettyAsyncSend.disconnectUnlessClosed(
                  session,
                  closeSendTimeoutMillis,
                  () -> session.getAttributes().containsKey(CLOSED_ATTRIBUTE)));
    } catch (RejectedExecutionException e) {
      // Shutting down: the server closes every connection anyway.
    }
  }

  /** The threads closes run on, which may wait on a client; pings are written on them too. */
  Executor executor() {
    return executor;
  }

  /** Stops the closer's own threads; closes asked for later run in the caller's thread. */
  void shutdown() {
    if (executor instanceof ThreadPoolExecutor pool) {
      pool.shutdown();
    }
  }

  private void limitCloseSendTime(WebSocketSession session) {
    if (session instanceof NativeWebSocketSession nativeSession) {
      jakarta.websocket.Session standard =
          nativeSession.getNativeSession(jakarta.websocket.Session.class);
      if (standard != null) {
        standard.getUserProperties().put(BLOCKING_SEND_TIMEOUT, closeSendTimeoutMillis);
      }
    }
  }

  private static ThreadPoolExecutor platformPool() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            PLATFORM_THREADS,
            PLATFORM_THREADS,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "channels-close-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
