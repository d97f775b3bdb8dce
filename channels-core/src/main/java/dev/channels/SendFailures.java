package dev.channels;

import dev.channels.codec.MessagePackCodec;
import dev.channels.spi.Names;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;

/** What {@link ChannelLayer#sendMany}'s default makes of its sends' outcomes. */
final class SendFailures {

  private SendFailures() {}

  /** Whether a send failed because its channel was full. */
  static boolean isFull(Throwable failure) {
    return unwrap(failure) instanceof ChannelFullException;
  }

  /** {@code failure} as a stage's callback may throw it on. */
  static CompletionException rethrow(Throwable failure) {
    return failure instanceof CompletionException completion
        ? completion
        : new CompletionException(failure);
  }

  /** The refused items among {@code messages}, in the order of {@code messages}. */
  static List<ChannelMessage> inOrder(List<ChannelMessage> messages, List<ChannelMessage> full) {
    if (full.isEmpty()) {
      return List.of();
    }
    Set<ChannelMessage> refused = Collections.newSetFromMap(new IdentityHashMap<>());
    synchronized (full) {
      refused.addAll(full);
    }
    return messages.stream().filter(refused::contains).toList();
  }

  /** Throws {@link InvalidNameException} if any channel of {@code messages} is not valid. */
  static void requireValidChannels(List<ChannelMessage> messages) {
    for (ChannelMessage item : messages) {
      Names.requireValidChannel(item.channel());
    }
  }

  /** Fails with {@link MessageTooLargeException} if any of {@code messages} is over {@code max}. */
  static void requireWithin(List<ChannelMessage> messages, long max) {
    for (ChannelMessage item : messages) {
      long size = MessagePackCodec.encodedSize(item.message());
      if (size > max) {
        throw new MessageTooLargeException(item.message().type(), size, max);
      }
    }
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
