package dev.channels.codec;

import dev.channels.InvalidMessageException;
import dev.channels.MalformedMessageException;
import dev.channels.Message;
import dev.channels.internal.DecodedMessages;
import dev.channels.internal.Values;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageIntegerOverflowException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageSizeException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.ArrayBufferInput;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.value.ValueType;

/**
 * Reads one message map. Every declared length is checked against the bytes actually left before
 * anything is allocated, so hostile headers cannot make it allocate more than the input's size.
 *
 * <p>What it reads is already in the normalized form of a message's values ({@code Long}, {@code
 * Double}, fresh lists and maps), owned by the caller and by nobody else, so a message can be made
 * of it without another copy: a {@link Message} never hands its own maps and lists out.
 */
final class Decoder implements AutoCloseable {

  private final @Nullable Reader reader;
  private final MessageUnpacker unpacker;
  private final int length;

  Decoder(byte[] bytes, int offset, int length) {
    if (offset < 0 || length < 0 || offset > bytes.length - length) {
      throw new IndexOutOfBoundsException(
          "offset %d and length %d do not fit %d bytes".formatted(offset, length, bytes.length));
    }
    this.reader = Reader.take(bytes, offset, length);
    this.unpacker =
        reader != null ? reader.unpacker : MessagePack.newDefaultUnpacker(bytes, offset, length);
    this.length = length;
  }

  /** Ends the decode: the thread's unpacker lets go of the input, for the next decode to use. */
  @Override
  public void close() {
    if (reader != null) {
      reader.release();
    }
  }

  /**
   * An unpacker per thread, reset for each message: a new one costs five objects and a buffer, on
   * every message a backend receives. A decode that starts while another is still open on the
   * thread gets an unpacker of its own, and a finished decode lets go of its input.
   */
  private static final class Reader {

    private static final ThreadLocal<Reader> OF_THREAD = ThreadLocal.withInitial(Reader::new);
    private static final byte[] NOTHING = new byte[0];

    private final ArrayBufferInput input = new ArrayBufferInput(NOTHING);
    private final MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(input);
    private boolean inUse;

    /** The thread's reader over the given bytes, or null if the thread's reader is in use. */
    static @Nullable Reader take(byte[] bytes, int offset, int length) {
      Reader reader = OF_THREAD.get();
      if (reader.inUse) {
        return null;
      }
      reader.inUse = true;
      reader.reset(bytes, offset, length);
      return reader;
    }

    void release() {
      reset(NOTHING, 0, 0);
      inUse = false;
    }

    private void reset(byte[] bytes, int offset, int length) {
      input.reset(bytes, offset, length);
      try {
        unpacker.reset(input);
      } catch (IOException e) {
        throw new UncheckedIOException("an in-memory input cannot fail", e);
      }
    }
  }

  Map<String, @Nullable Object> readTopLevelMap() {
    try {
      if (!unpacker.hasNext()) {
        throw malformed("the input is empty; a message is a MessagePack map");
      }
      MessageFormat format = unpacker.getNextFormat();
      if (format.getValueType() != ValueType.MAP) {
        throw malformed(
            "a message must be a MessagePack map, but the input holds %s"
                .formatted(describe(format)));
      }
      Map<String, @Nullable Object> fields = readMap(0);
      if (unpacker.hasNext()) {
        throw malformed("%d bytes follow the message".formatted(remaining()));
      }
      return fields;
    } catch (MessageSizeException e) {
      throw malformed(
          "a length of %d is declared, but only %d bytes are left"
              .formatted(e.getSize(), remaining()),
          e);
    } catch (MessageIntegerOverflowException e) {
      throw malformed("an integer is outside the signed 64-bit range messages allow", e);
    } catch (MessagePackException | IOException e) {
      throw malformed("the MessagePack data is malformed (" + e + ")", e);
    }
  }

  /** Builds the message, reporting fields that do not make one as malformed input. */
  Message toMessage(Map<String, @Nullable Object> fields) {
    try {
      return DecodedMessages.of(fields);
    } catch (InvalidMessageException e) {
      throw malformed("the map is not a valid message. " + e.getMessage(), e);
    }
  }

  private @Nullable Object readValue(int depth) throws IOException {
    MessageFormat format = unpacker.getNextFormat();
    switch (format.getValueType()) {
      case NIL:
        unpacker.unpackNil();
        return null;
      case BOOLEAN:
        return unpacker.unpackBoolean();
      case INTEGER:
        return unpacker.unpackLong();
      case FLOAT:
        return unpacker.unpackDouble();
      case STRING:
        return readString();
      case BINARY:
        return readBytes(unpacker.unpackBinaryHeader());
      case ARRAY:
        return readList(depth + 1);
      case MAP:
        return readMap(depth + 1);
      default:
        throw malformed(
            "%s is not a message type; messages hold no MessagePack extension types"
                .formatted(describe(format)));
    }
  }

  private Map<String, @Nullable Object> readMap(int depth) throws IOException {
    checkDepth(depth);
    int size = unpacker.unpackMapHeader();
    requireAvailable(2L * size, "map", size, "entries");
    LinkedHashMap<String, @Nullable Object> map = new LinkedHashMap<>(size * 4 / 3 + 1);
    for (int i = 0; i < size; i++) {
      MessageFormat keyFormat = unpacker.getNextFormat();
      if (keyFormat.getValueType() != ValueType.STRING) {
        throw malformed(
            "a map key is %s; message map keys must be strings".formatted(describe(keyFormat)));
      }
      String key = readString();
      map.put(key, readValue(depth));
    }
    return map;
  }

  private List<@Nullable Object> readList(int depth) throws IOException {
    checkDepth(depth);
    int size = unpacker.unpackArrayHeader();
    requireAvailable(size, "array", size, "elements");
    List<@Nullable Object> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(readValue(depth));
    }
    return list;
  }

  // Straight from the input array: no copy of the bytes on the way to the String.
  private String readString() throws IOException {
    int size = unpacker.unpackRawStringHeader();
    requireAvailable(size, "string", size, "bytes");
    MessageBuffer raw = unpacker.readPayloadAsReference(size);
    byte[] array = raw.array();
    int from = raw.arrayOffset();
    for (int i = from; i < from + size; i++) {
      if (array[i] < 0) {
        return decodeUtf8(array, from, size);
      }
    }
    // All ASCII: Latin-1 decoding is exact and the fastest path to a compact String.
    return new String(array, from, size, StandardCharsets.ISO_8859_1);
  }

  private String decodeUtf8(byte[] array, int from, int size) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(ByteBuffer.wrap(array, from, size))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed("a string is not valid UTF-8", e);
    }
  }

  private byte[] readBytes(int size) throws IOException {
    requireAvailable(size, "byte string", size, "bytes");
    return unpacker.readPayload(size);
  }

  // The description is built only for the error: this runs for every value read.
  private void requireAvailable(long needed, String what, long count, String units) {
    if (needed < 0 || needed > remaining()) {
      throw malformed(
          "a %s of %d %s is declared, but only %d bytes are left"
              .formatted(what, count, units, remaining()));
    }
  }

  private void checkDepth(int depth) {
    if (depth >= Values.MAX_DEPTH) {
      throw malformed(
          "maps and lists are nested deeper than %d levels".formatted(Values.MAX_DEPTH));
    }
  }

  private long remaining() {
    return length - unpacker.getTotalReadBytes();
  }

  private static String describe(MessageFormat format) {
    return format == MessageFormat.NEVER_USED
        ? "the reserved byte 0xc1"
        : "a " + format.getValueType().name().toLowerCase(java.util.Locale.ROOT) + " value";
  }

  private MalformedMessageException malformed(String problem) {
    return malformed(problem, null);
  }

  private MalformedMessageException malformed(String problem, @Nullable Throwable cause) {
    if (cause == null) {
      return new MalformedMessageException(
          "Cannot decode message (%d bytes): %s, at byte %d."
              .formatted(length, problem, unpacker.getTotalReadBytes()));
    }
    return new MalformedMessageException(
        "Cannot decode message (%d bytes): %s.".formatted(length, problem), cause);
  }
}
