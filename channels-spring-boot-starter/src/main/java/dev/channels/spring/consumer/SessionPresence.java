package dev.channels.spring.consumer;

import dev.channels.ChannelLayer;
import dev.channels.spring.PresenceInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's presence: the groups it is present in and those whose events it receives, so that
 * it leaves them all when it ends. It subscribes before it joins, so its own join is the first
 * event it receives; it leaves before it unsubscribes. Once released, it joins nothing more, and a
 * join still on its way is undone when it lands.
 */
final class SessionPresence {

  private static final Logger log = LoggerFactory.getLogger(SessionPresence.class);

  private final ChannelLayer layer;
  private final String channel;
  private final String sessionId;
  private final List<String> present = new ArrayList<>(2); // guarded by this
  private final List<String> subscribed = new ArrayList<>(2); // guarded by this
  private boolean released; // guarded by this

  SessionPresence(ChannelLayer layer, String channel, String sessionId) {
    this.layer = layer;
    this.channel = channel;
    this.sessionId = sessionId;
  }

  /** Subscribes to the events of {@code groups} if asked to, then joins each as {@code who}. */
  CompletableFuture<Void> join(List<String> groups, PresenceInfo who, boolean subscribe) {
    CompletableFuture<Void> subscriptions = CompletableFuture.completedFuture(null);
    if (subscribe) {
      subscriptions = allOf(groups, this::subscribe);
    }
    return subscriptions.thenCompose(done -> allOf(groups, group -> joinOne(group, who)));
  }

  /** Leaves every group and then unsubscribes from each; failures are logged, not passed on. */
  CompletableFuture<Void> releaseAll() {
    List<String> leaving;
    List<String> unsubscribing;
    synchronized (this) {
      released = true;
      leaving = List.copyOf(present);
      unsubscribing = List.copyOf(subscribed);
      present.clear();
      subscribed.clear();
    }
    return allOf(leaving, this::leaveQuietly)
        .thenCompose(left -> allOf(unsubscribing, this::unsubscribeQuietly));
  }

  private CompletableFuture<Void> subscribe(String group) {
    return layer
        .presenceSubscribe(group, channel)
        .thenCompose(done -> record(subscribed, group, this::unsubscribeQuietly));
  }

  private CompletableFuture<Void> joinOne(String group, PresenceInfo who) {
    return layer
        .presenceJoin(group, channel, who.key(), who.data())
        .thenCompose(done -> record(present, group, this::leaveQuietly));
  }

  private CompletableFuture<Void> record(
      List<String> into,
      String group,
      java.util.function.Function<String, CompletableFuture<Void>> undo) {
    synchronized (this) {
      if (!released) {
        into.add(group);
        return CompletableFuture.completedFuture(null);
      }
    }
    // The session ended while the layer was at it: take it back at once.
    return undo.apply(group);
  }

  private CompletableFuture<Void> leaveQuietly(String group) {
    return quietly(() -> layer.presenceLeave(group, channel), "leave the presence of", group);
  }

  private CompletableFuture<Void> unsubscribeQuietly(String group) {
    return quietly(
        () -> layer.presenceUnsubscribe(group, channel), "unsubscribe from the presence of", group);
  }

  private CompletableFuture<Void> quietly(
      java.util.function.Supplier<CompletableFuture<Void>> call, String what, String group) {
    try {
      return call.get()
          .exceptionally(
              failure -> {
                log.warn("Session {} could not {} group {}", sessionId, what, group, failure);
                return null;
              });
    } catch (RuntimeException e) {
      log.warn("Session {} could not {} group {}", sessionId, what, group, e);
      return CompletableFuture.completedFuture(null);
    }
  }

  private static CompletableFuture<Void> allOf(
      List<String> groups, java.util.function.Function<String, CompletableFuture<Void>> each) {
    return CompletableFuture.allOf(groups.stream().map(each).toArray(CompletableFuture[]::new));
  }
}
