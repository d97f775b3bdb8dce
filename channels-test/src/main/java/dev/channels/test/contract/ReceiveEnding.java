package dev.channels.test.contract;

import dev.channels.Message;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The ways the owner of a waiting receive can end it, other than by taking a message. */
public enum ReceiveEnding {
  /** {@code cancel(true)}. */
  CANCEL {
    @Override
    public void end(CompletableFuture<Message> receive) {
      receive.cancel(true);
    }
  },
  /** {@code orTimeout}, which completes the future exceptionally. */
  OR_TIMEOUT {
    @Override
    public void end(CompletableFuture<Message> receive) {
      receive.orTimeout(1, TimeUnit.MILLISECONDS);
    }
  },
  /** {@code completeOnTimeout}, which completes the future with a value. */
  COMPLETE_ON_TIMEOUT {
    @Override
    public void end(CompletableFuture<Message> receive) {
      receive.completeOnTimeout(GIVEN_UP, 1, TimeUnit.MILLISECONDS);
    }
  },
  /** {@code complete}. */
  COMPLETE {
    @Override
    public void end(CompletableFuture<Message> receive) {
      receive.complete(GIVEN_UP);
    }
  },
  /** {@code completeExceptionally}. */
  COMPLETE_EXCEPTIONALLY {
    @Override
    public void end(CompletableFuture<Message> receive) {
      receive.completeExceptionally(new IllegalStateException("given up by its owner"));
    }
  },
  /** {@code completeAsync}. */
  COMPLETE_ASYNC {
    @Override
    public void end(CompletableFuture<Message> receive) {
      receive.completeAsync(() -> GIVEN_UP);
    }
  },
  /** {@code obtrudeValue}. */
  OBTRUDE_VALUE {
    @Override
    public void end(CompletableFuture<Message> receive) {
      receive.obtrudeValue(GIVEN_UP);
    }
  };

  /** What the owner completes a receive with when it ends it with a value of its own. */
  public static final Message GIVEN_UP = Message.of("test.given_up");

  /** Ends {@code receive}, perhaps a moment later (the timeouts). */
  public abstract void end(CompletableFuture<Message> receive);
}
