package dev.channels.spi;

import dev.channels.MalformedMessageException;
import dev.channels.Message;
import dev.channels.codec.MessagePackCodec;
import dev.channels.internal.DecodedMessages;
import dev.channels.internal.ReadOnlyValues;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Messages as a backend that frames them itself handles them: the fields to write around routing
 * keys of its own, and messages made of fields it decoded, without a copy either way. A backend
 * that sends plain messages needs neither: {@link MessagePackCodec} encodes and decodes them.
 */
public final class Messages {

  private Messages() {}

  /**
   * The fields of {@code message} as the codec writes them: the message's own map, not the
   * read-only view {@link Message#asMap()} hands out, which copies byte arrays on every read. The
   * caller must not change it.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, @Nullable Object> fieldsOf(Message message) {
    return (Map<String, @Nullable Object>) ReadOnlyValues.unwrap(message.asMap());
  }

  /**
   * A message of fields decoded from a peer with {@link MessagePackCodec#decodeFields}, once the
   * backend has taken its routing keys out. The message takes the map over: the caller must not
   * touch it again.
   *
   * @throws MalformedMessageException if the fields make no message (no type, a reserved key)
   */
  public static Message ofDecodedFields(Map<String, @Nullable Object> fields) {
    return DecodedMessages.ofInput(fields);
  }
}
