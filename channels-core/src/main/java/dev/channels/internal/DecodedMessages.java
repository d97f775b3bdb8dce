package dev.channels.internal;

import dev.channels.InvalidMessageException;
import dev.channels.MalformedMessageException;
import dev.channels.Message;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Makes messages of maps the codec decoded, without copying them: decoded values are already in a
 * message's normalized form, and nobody else holds the map. Building such a message through {@link
 * Message#of(Map)} would copy every map and list once more, on every message a backend receives.
 * For the codec and the backends only.
 */
public final class DecodedMessages {

  private static volatile @Nullable Function<Map<String, @Nullable Object>, Message> factory;

  private DecodedMessages() {}

  /**
   * A message of {@code fields}, which it takes over: the caller must not touch the map again, and
   * every value in it must be normalized (as the codec's decoder makes them).
   *
   * @throws InvalidMessageException if the type is missing or a reserved key is used
   */
  public static Message of(Map<String, @Nullable Object> fields) {
    Function<Map<String, @Nullable Object>, Message> make = factory;
    if (make == null) {
      initializeMessage();
      make = factory;
      if (make == null) {
        throw new IllegalStateException("Message did not register its factory");
      }
    }
    return make.apply(fields);
  }

  /**
   * Like {@link #of}, for maps read from a peer: fields that make no message are malformed input.
   *
   * @throws MalformedMessageException if the type is missing or a reserved key is used
   */
  public static Message ofInput(Map<String, @Nullable Object> fields) {
    try {
      return of(fields);
    } catch (InvalidMessageException e) {
      throw new MalformedMessageException(
          "Cannot decode message: the map is not a valid message. " + e.getMessage(), e);
    }
  }

  /** Called once, by {@link Message} as it initializes. */
  public static void register(Function<Map<String, @Nullable Object>, Message> make) {
    if (factory != null) {
      throw new IllegalStateException("The factory of decoded messages is registered already");
    }
    factory = make;
  }

  private static void initializeMessage() {
    try {
      MethodHandles.lookup().ensureInitialized(Message.class);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
