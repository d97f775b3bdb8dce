package dev.channels.test;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A channel of the test's own in one or more groups: what the application sends to those groups can
 * be received and asserted on, and the test can send to the application's channels from it. Leaves
 * its groups when closed.
 *
 * <pre>{@code
 * try (GroupProbe room = GroupProbe.join(layer, "chat_lobby")) {
 *   client.sendJson(Map.of("message", "hello"));
 *   assertThat(room.receive().get("message")).isEqualTo("hello");
 * }
 * }</pre>
 */
public final class GroupProbe implements AutoCloseable {

  /** How long a receive waits unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final ChannelLayer layer;
  private final List<String> groups;
  private final String channel;

  private GroupProbe(ChannelLayer layer, List<String> groups) {
    this.layer = layer;
    this.groups = groups;
    this.channel = layer.newChannel("probe");
  }

  /** A new channel of {@code layer}, added to each of {@code groups} before this returns. */
  public static GroupProbe join(ChannelLayer layer, String... groups) {
    GroupProbe probe = new GroupProbe(layer, List.of(groups));
    for (String group : groups) {
      wait(layer.groupAdd(group, probe.channel), DEFAULT_TIMEOUT, "join " + group);
    }
    return probe;
  }

  /** The probe's channel name, for the application to send to directly. */
  public String channel() {
    return channel;
  }

  /** The next message to any of the probe's groups or to its channel. */
  public Message receive() {
    return receive(DEFAULT_TIMEOUT);
  }

  /**
   * The next message, waiting at most {@code timeout}.
   *
   * @throws AssertionError if none arrives in time
   */
  public Message receive(Duration timeout) {
    return wait(layer.receive(channel), timeout, "receive a message on " + channel);
  }

  /**
   * Asserts that no message arrives within {@code wait}.
   *
   * @throws AssertionError naming the message that arrived
   */
  public void expectNothing(Duration wait) {
    CompletableFuture<Message> next = layer.receive(channel);
    Optional<Message> arrived;
    try {
      arrived = Optional.of(next.get(wait.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      next.cancel(false);
      arrived = Optional.empty();
    } catch (ExecutionException e) {
      throw new AssertionError("The receive failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting", e);
    }
    if (arrived.isPresent()) {
      throw new AssertionError(
          "Expected no message within %s, but got %s".formatted(wait, arrived.get()));
    }
  }

  /** Sends {@code message} to {@code target}, a channel of the application, and waits for it. */
  public void send(String target, Message message) {
    wait(layer.send(target, message), DEFAULT_TIMEOUT, "send to " + target);
  }

  /** Leaves every group the probe joined. */
  @Override
  public void close() {
    for (String group : groups) {
      wait(layer.groupDiscard(group, channel), DEFAULT_TIMEOUT, "leave " + group);
    }
  }

  private static <T> T wait(CompletableFuture<T> future, Duration timeout, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new AssertionError("Could not %s within %s".formatted(what, timeout), e);
    } catch (ExecutionException e) {
      throw new AssertionError("Could not %s: %s".formatted(what, e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while trying to " + what, e);
    }
  }
}
