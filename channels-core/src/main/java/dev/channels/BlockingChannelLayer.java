package dev.channels;

import dev.channels.spi.DeliveryThreads;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Blocking access to a {@link ChannelLayer}, for services, schedulers and listeners that run on
 * plain threads. Each call waits on the layer's future in the calling thread: no event loop and no
 * extra thread per call. Failures are thrown as the {@link ChannelLayerException} the future failed
 * with; an interrupt cancels the wait and is thrown as a {@link ChannelLayerException} with the
 * thread's interrupt flag set.
 */
public final class BlockingChannelLayer {

  private final ChannelLayer layer;

  BlockingChannelLayer(ChannelLayer layer) {
    this.layer = layer;
  }

  /** Sends {@code message} to {@code channel}; see {@link ChannelLayer#send}. */
  public void send(String channel, Message message) {
    await(() -> layer.send(channel, message));
  }

  /** Waits for the next message on {@code channel}; see {@link ChannelLayer#receive}. */
  public Message receive(String channel) {
    return await(() -> layer.receive(channel));
  }

  /**
   * Waits up to {@code timeout} for the next message on {@code channel}; empty if none arrived. A
   * message that arrives after the timeout stays in the channel for the next receive.
   */
  public Optional<Message> receive(String channel, Duration timeout) {
    refuseOnDeliveryThread();
    CompletableFuture<Message> future = layer.receive(channel);
    try {
      return Optional.of(future.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      // A message that won the race against the cancel is returned, not lost.
      return future.cancel(false) ? Optional.empty() : Optional.of(await(() -> future));
    } catch (InterruptedException e) {
      throw interrupted(future, e);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    }
  }

  /** Adds {@code channel} to {@code group}; see {@link ChannelLayer#groupAdd}. */
  public void groupAdd(String group, String channel) {
    await(() -> layer.groupAdd(group, channel));
  }

  /** Removes {@code channel} from {@code group}; see {@link ChannelLayer#groupDiscard}. */
  public void groupDiscard(String group, String channel) {
    await(() -> layer.groupDiscard(group, channel));
  }

  /** Sends {@code message} to every member of {@code group}; see {@link ChannelLayer#groupSend}. */
  public void groupSend(String group, Message message) {
    await(() -> layer.groupSend(group, message));
  }

  /** Sends each message to its channel; the refused ones. See {@link ChannelLayer#sendMany}. */
  public List<ChannelMessage> sendMany(List<ChannelMessage> messages) {
    return await(() -> layer.sendMany(messages));
  }

  /** Sends each message to its group; see {@link ChannelLayer#groupSendMany}. */
  public void groupSendMany(List<GroupMessage> messages) {
    await(() -> layer.groupSendMany(messages));
  }

  /**
   * Sends to a group but {@code excluded}; see {@link ChannelLayer#groupSend(String, Message,
   * Set)}.
   */
  public void groupSend(String group, Message message, Set<String> excluded) {
    await(() -> layer.groupSend(group, message, excluded));
  }

  /** The live members of {@code group}, counted; see {@link ChannelLayer#groupSize}. */
  public long groupSize(String group) {
    return await(() -> layer.groupSize(group));
  }

  /** A page of {@code group}'s live members; see {@link ChannelLayer#groupChannels}. */
  public Page<String> groupChannels(String group, @Nullable String after, int size) {
    return await(() -> layer.groupChannels(group, after, size));
  }

  /** Records a channel's presence; see {@link ChannelLayer#presenceJoin}. */
  public void presenceJoin(String group, String channel, String key, Map<String, ?> data) {
    await(() -> layer.presenceJoin(group, channel, key, data));
  }

  /** Removes a channel's presence; see {@link ChannelLayer#presenceLeave}. */
  public void presenceLeave(String group, String channel) {
    await(() -> layer.presenceLeave(group, channel));
  }

  /** A page of {@code group}'s presence by key; see {@link ChannelLayer#presence}. */
  public Page<Presence> presence(String group, @Nullable String after, int size) {
    return await(() -> layer.presence(group, after, size));
  }

  /** Empties the layer; see {@link ChannelLayer#flush}. */
  public void flush() {
    await(() -> layer.flush());
  }

  private static <T> T await(Supplier<CompletableFuture<T>> operation) {
    refuseOnDeliveryThread();
    CompletableFuture<T> future = operation.get();
    try {
      return future.get();
    } catch (InterruptedException e) {
      throw interrupted(future, e);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    }
  }

  // Checked before the operation starts, so a refused call has no effect. Refused even when the
  // reply would come on another event loop: the wait would still stall this one, and whether it
  // deadlocks would depend on which loop each connection happens to use.
  private static void refuseOnDeliveryThread() {
    if (DeliveryThreads.delivering()) {
      throw new ChannelLayerException(
          "A blocking channel layer call was made inside a receive callback, on the layer's I/O"
              + " thread: it would wait for a reply that this very thread has to read. Use the"
              + " asynchronous methods there, or move the work off the I/O thread with"
              + " thenAcceptAsync(..., executor).");
    }
  }

  private static ChannelLayerException interrupted(CompletableFuture<?> future, Exception cause) {
    future.cancel(false);
    Thread.currentThread().interrupt();
    return new ChannelLayerException(
        "Interrupted while waiting for the channel layer; the operation was cancelled.", cause);
  }

  private static RuntimeException unwrap(Throwable cause) {
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    return new ChannelLayerException("Channel layer operation failed: " + cause, cause);
  }
}
