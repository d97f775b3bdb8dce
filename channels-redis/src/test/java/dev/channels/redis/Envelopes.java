package dev.channels.redis;

import dev.channels.Message;
import dev.channels.codec.MessagePackCodec;

/** Queue members as the layer writes them, without the framing's random prefix. */
final class Envelopes {

  private Envelopes() {}

  /** The message of a group send, to be wrapped per queue. */
  static Envelope of(Message message) {
    return Envelope.of(message, MessagePackCodec.encodedSize(message));
  }

  /** A direct send to the process-local {@code channel}. */
  static byte[] toChannel(Message message, String channel) {
    return Envelope.direct(message, MessagePackCodec.encodedSize(message), channel, true, 0);
  }

  /** A direct send to a normal channel. */
  static byte[] plain(Message message) {
    return Envelope.direct(message, MessagePackCodec.encodedSize(message), "any", false, 0);
  }
}
