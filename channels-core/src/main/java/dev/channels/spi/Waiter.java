package dev.channels.spi;

import dev.channels.Message;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A pending receive. The table completes it with {@link #deliver}, or {@link #fail} when it closes.
 * Any other completion is its owner ending the wait ({@code cancel}, {@code orTimeout}, {@code
 * completeOnTimeout}, {@code complete}, {@code obtrude...}): the waiter leaves its queue at once,
 * so the queue can be dropped, and the next message goes to a receiver that still waits.
 */
final class Waiter extends CompletableFuture<Message> {

  private final LocalChannels table;
  private final ChannelQueue queue;

  Waiter(LocalChannels table, ChannelQueue queue) {
    this.table = table;
    this.queue = queue;
  }

  /** Hands {@code message} to the receiver; false if its owner ended the wait first. */
  boolean deliver(Message message) {
    return super.complete(message);
  }

  /** Fails the receive because the table closed; the waiter has already left its queue. */
  void fail(Throwable failure) {
    super.completeExceptionally(failure);
  }

  @Override
  public boolean complete(@Nullable Message value) {
    return leaveIf(super.complete(value));
  }

  // orTimeout completes the future through this method.
  @Override
  public boolean completeExceptionally(Throwable failure) {
    return leaveIf(super.completeExceptionally(failure));
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return leaveIf(super.cancel(mayInterruptIfRunning));
  }

  @Override
  public void obtrudeValue(@Nullable Message value) {
    super.obtrudeValue(value);
    leaveIf(true);
  }

  @Override
  public void obtrudeException(Throwable failure) {
    super.obtrudeException(failure);
    leaveIf(true);
  }

  // CompletableFuture's own completeAsync completes the future internally, past the overrides.
  @Override
  public CompletableFuture<Message> completeAsync(
      Supplier<? extends Message> supplier, Executor executor) {
    Objects.requireNonNull(supplier, "supplier");
    Objects.requireNonNull(executor, "executor");
    executor.execute(
        () -> {
          try {
            complete(supplier.get());
          } catch (Throwable failure) {
            completeExceptionally(failure);
          }
        });
    return this;
  }

  private boolean leaveIf(boolean ended) {
    if (ended) {
      table.forget(queue, this);
    }
    return ended;
  }
}
