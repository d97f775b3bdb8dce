package dev.channels.spring.consumer;

import dev.channels.ChannelLayer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups one session's channel belongs to, so that it leaves them all when it ends. A group is
 * recorded only once the layer has added the channel to it, so a name the layer refuses is never
 * discarded later. Once the session has ended, a join is refused, and a join that was still on its
 * way is undone as soon as it lands: no membership outlives its session until group expiry.
 */
final class Memberships {

  private static final Logger log = LoggerFactory.getLogger(Memberships.class);

  private final ChannelLayer layer;
  private final String channel;
  private final String sessionId;
  private final Set<String> groups = new HashSet<>(4); // guarded by this
  private boolean released; // guarded by this

  Memberships(ChannelLayer layer, String channel, String sessionId) {
    this.layer = layer;
    this.channel = channel;
    this.sessionId = sessionId;
  }

  /**
   * Adds the channel to {@code group}; fails with {@link IllegalStateException} once the session
   * has ended.
   *
   * @throws dev.channels.InvalidNameException as the layer does, if {@code group} is not valid
   */
  CompletableFuture<Void> add(String group) {
    synchronized (this) {
      if (released) {
        return CompletableFuture.failedFuture(ended(group));
      }
    }
    return layer.groupAdd(group, channel).thenCompose(added -> record(group));
  }

  /**
   * Removes the channel from {@code group}.
   *
   * @throws dev.channels.InvalidNameException as the layer does, if {@code group} is not valid
   */
  CompletableFuture<Void> discard(String group) {
    synchronized (this) {
      groups.remove(group);
    }
    return layer.groupDiscard(group, channel);
  }

  /**
   * Leaves every group and refuses further joins. The returned future completes when every discard
   * has, failed or not; failures are logged.
   */
  CompletableFuture<Void> releaseAll() {
    List<String> joined;
    synchronized (this) {
      released = true;
      joined = List.copyOf(groups);
      groups.clear();
    }
    return CompletableFuture.allOf(
        joined.stream().map(this::discardQuietly).toArray(CompletableFuture[]::new));
  }

  private CompletableFuture<Void> record(String group) {
    synchronized (this) {
      if (!released) {
        groups.add(group);
        return CompletableFuture.completedFuture(null);
      }
    }
    // The session ended while the layer was adding it: take the membership back at once.
    return discardQuietly(group)
        .thenCompose(undone -> CompletableFuture.failedFuture(ended(group)));
  }

  private CompletableFuture<Void> discardQuietly(String group) {
    try {
      return layer
          .groupDiscard(group, channel)
          .exceptionally(
              failure -> {
                log.warn("Could not remove session {} from group {}", sessionId, group, failure);
                return null;
              });
    } catch (RuntimeException e) {
      log.warn("Could not remove session {} from group {}", sessionId, group, e);
      return CompletableFuture.completedFuture(null);
    }
  }

  private IllegalStateException ended(String group) {
    return new IllegalStateException(
        "Session %s has ended, so it cannot join group '%s'.".formatted(sessionId, group));
  }
}
