package dev.channels.spring.consumer;

import dev.channels.InvalidNameException;
import dev.channels.spring.PresenceInfo;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;

/**
 * How a session begins and ends, step by step, each step a task of the session's {@link
 * SerialExecutor} that returns its stage rather than waiting for it. Connect: the declared groups
 * are joined, then {@code @OnConnect} runs, and a failure in either closes the session (1008 for a
 * group name the layer refuses, 1011 otherwise); an accepted connection then becomes present in the
 * consumer's presence groups. Disconnect: {@code @OnDisconnect} runs, then the session's presence
 * ends, then every group is left, then the session ends, whatever failed before.
 */
final class SessionLifecycle {

  private static final Logger log = LoggerFactory.getLogger(SessionLifecycle.class);
  private static final long LEAVE_GROUPS_TIMEOUT_SECONDS = 5;
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private SessionLifecycle() {}

  static @Nullable CompletionStage<?> joinDeclaredGroups(SessionRuntime session) {
    try {
      List<String> groups = session.consumer().groupsFor(session.pathVariables());
      if (groups.isEmpty() || !session.isOpen()) {
        return null;
      }
      // A name the layer refuses throws here, before anything is recorded for it.
      CompletableFuture<?>[] joins =
          groups.stream().map(session::groupAdd).toArray(CompletableFuture[]::new);
      return CompletableFuture.allOf(joins)
          .exceptionally(
              failure -> {
                connectFailed(session, failure);
                return null;
              });
    } catch (RuntimeException e) {
      connectFailed(session, e);
      return null;
    }
  }

  /**
   * Makes an accepted connection present in the consumer's presence groups, under the key its
   * {@code @PresenceKey} method gives; a failure closes it, as a failed group join does.
   */
  static @Nullable CompletionStage<?> joinPresence(SessionRuntime session) {
    ConsumerDefinition consumer = session.consumer();
    if (!consumer.declaresPresence() || !session.isOpen()) {
      return null;
    }
    try {
      List<String> groups = consumer.presenceGroupsFor(session.pathVariables());
      PresenceInfo who = consumer.presenceKey().resolve(session.bean(), Event.connect(session));
      if (who == null) {
        log.debug(
            "Session {} is not present: {} named no key",
            session.id(),
            consumer.presenceKey().describe());
        return null;
      }
      return session
          .presence()
          .join(groups, who, consumer.subscribesToPresence())
          .exceptionally(
              failure -> {
                connectFailed(session, failure);
                return null;
              });
    } catch (Throwable e) {
      connectFailed(session, e);
      return null;
    }
  }

  static @Nullable CompletionStage<?> connect(SessionRuntime session) {
    HandlerMethod onConnect = session.consumer().lifecycle(HandlerKind.CONNECT);
    if (onConnect == null || !session.isOpen()) {
      return null;
    }
    try {
      CompletionStage<?> stage = onConnect.invoke(session.bean(), Event.connect(session));
      return stage == null
          ? null
          : stage.exceptionally(
              failure -> {
                connectFailed(session, failure);
                return null;
              });
    } catch (Throwable e) {
      connectFailed(session, e);
      return null;
    }
  }

  static CompletionStage<?> disconnect(SessionRuntime session, CloseStatus status) {
    CompletionStage<?> handled;
    try {
      handled = onDisconnect(session, status);
    } catch (RuntimeException | Error e) {
      log.error("Disconnecting session {} failed", session.id(), e);
      handled = DONE;
    }
    return handled
        .handle((result, failure) -> null)
        .thenCompose(ignored -> leavePresence(session))
        .thenCompose(ignored -> leaveGroups(session))
        .whenComplete((result, failure) -> session.endpoints().ended(session));
  }

  private static void connectFailed(SessionRuntime session, Throwable failure) {
    Throwable cause = SessionRuntime.unwrap(failure);
    if (session.stopping()) {
      return; // the session went first; what failed no longer matters
    }
    String consumer = session.consumer().type.getSimpleName();
    if (cause instanceof InvalidNameException) {
      log.warn("{} refused session {}: {}", consumer, session.id(), cause.getMessage());
      session.close(CloseStatus.POLICY_VIOLATION.withReason("invalid group name"));
    } else if (cause instanceof SessionRuntime.NotAcceptedException) {
      log.error(
          "{} sent to session {} before accepting it: {}",
          consumer,
          session.id(),
          cause.getMessage());
      session.close(CloseStatus.SERVER_ERROR.withReason("sent before accept()"));
    } else {
      log.error("{} failed to connect session {}", consumer, session.id(), cause);
      session.close(CloseStatus.SERVER_ERROR.withReason("connect failed"));
    }
  }

  private static CompletionStage<?> onDisconnect(SessionRuntime session, CloseStatus status) {
    HandlerMethod handler = session.consumer().lifecycle(HandlerKind.DISCONNECT);
    if (handler == null) {
      return DONE;
    }
    try {
      CompletionStage<?> stage = handler.invoke(session.bean(), Event.disconnect(session, status));
      return stage == null ? DONE : session.observe(handler, stage);
    } catch (Throwable e) {
      log.error("{} failed for session {}", handler.describe(), session.id(), e);
      return DONE;
    }
  }

  // Before the groups: the leave event reaches the other members while this one is still a member.
  private static CompletableFuture<Void> leavePresence(SessionRuntime session) {
    return session
        .presence()
        .releaseAll()
        .orTimeout(LEAVE_GROUPS_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .exceptionally(failure -> null);
  }

  // The session counts as live until its memberships are gone, so that when the application shuts
  // down and waits for the sessions, no membership is left for the closing layer.
  private static CompletableFuture<Void> leaveGroups(SessionRuntime session) {
    return session
        .memberships()
        .releaseAll()
        .orTimeout(LEAVE_GROUPS_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .exceptionally(
            failure -> {
              if (SessionRuntime.unwrap(failure) instanceof TimeoutException) {
                log.warn(
                    "Removing session {} from its groups took longer than {} s",
                    session.id(),
                    LEAVE_GROUPS_TIMEOUT_SECONDS);
              }
              return null;
            });
  }
}
