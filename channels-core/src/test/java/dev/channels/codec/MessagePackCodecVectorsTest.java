package dev.channels.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Message;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The codec writes the very bytes Python's {@code msgpack.packb(use_bin_type=True)} writes, so a
 * Django peer reads our messages and we read theirs: every type, and each side of every boundary
 * where MessagePack changes form (integer widths, str, bin, array and map headers). The vectors
 * come from {@code vectors/generate.py}, run against Debian's python3-msgpack. A long encoding is
 * kept as its first bytes and the SHA-256 of the whole.
 */
class MessagePackCodecVectorsTest {

  record Vector(String name, int length, byte[] prefix, String sha256) {

    boolean complete() {
      return prefix.length == length;
    }
  }

  static Stream<Arguments> vectors() throws IOException {
    List<Arguments> vectors = new ArrayList<>();
    try (InputStream in =
        MessagePackCodecVectorsTest.class.getResourceAsStream("/vectors/msgpack-vectors.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#") || line.contains("envelope")) {
          continue;
        }
        String[] parts = line.split(" ");
        Vector vector =
            new Vector(
                parts[0], Integer.parseInt(parts[1]), HexFormat.of().parseHex(parts[2]), parts[3]);
        vectors.add(Arguments.of(vector.name(), vector));
      }
    }
    return vectors.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void encodesAsPythonDoesByteForByte(String name, Vector vector) {
    byte[] encoded = MessagePackCodec.encode(message(name));

    assertThat(encoded).hasSize(vector.length()).startsWith(vector.prefix());
    assertThat(sha256(encoded)).isEqualTo(vector.sha256());
    assertThat(MessagePackCodec.encodedSize(message(name))).isEqualTo(vector.length());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decodesWhatPythonEncodes(String name, Vector vector) {
    // A long vector's bytes are ours once their SHA-256 matches Python's (the test above).
    byte[] python = vector.complete() ? vector.prefix() : MessagePackCodec.encode(message(name));
    assertThat(sha256(python)).isEqualTo(vector.sha256());

    assertThat(MessagePackCodec.decode(python)).isEqualTo(message(name));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The cases of generate.py, built the Java way. */
  static Message message(String name) {
    switch (name) {
      case "chat":
        return Message.of("chat.message", "message", "Hello, world!");
      case "every_type":
        return everyType();
      case "deep":
        return Message.of("t", "d", nest(9, List.of(Map.of("x", nest(2, List.of())))));
      case "float_nan":
        return Message.of("t", "nan", Double.NaN);
      case "float_specials":
        return Message.builder("t")
            .put("inf", Double.POSITIVE_INFINITY)
            .put("ninf", Double.NEGATIVE_INFINITY)
            .put("zero", -0.0)
            .build();
      default:
        return sized(name);
    }
  }

  private static Message sized(String name) {
    String kind = name.substring(0, name.indexOf('_'));
    long number = Long.parseLong(name.substring(name.indexOf('_') + 1));
    int size = (int) number;
    switch (kind) {
      case "int":
        return Message.of("t", "i", number);
      case "ustr":
        return Message.of("t", "s", "\u00e9".repeat(size));
      case "map":
        Map<String, Object> map = new LinkedHashMap<>();
        IntStream.range(0, size).forEach(i -> map.put("k%02d".formatted(i), i));
        return Message.of("t", "m", map);
      case "str":
        String letter = size < 64 ? "a" : size < 65535 ? "b" : "c";
        return Message.of("t", "s", letter.repeat(size));
      case "bin":
        byte[] bytes = new byte[size];
        if (size == 255) {
          IntStream.range(0, 255).forEach(i -> bytes[i] = (byte) i);
        }
        return Message.of("t", "b", bytes);
      case "list":
        return Message.of(
            "t",
            "l",
            size > 16 ? Collections.nCopies(size, 0) : IntStream.range(0, size).boxed().toList());
      default:
        throw new IllegalArgumentException("no Java twin for vector " + name);
    }
  }

  private static Message everyType() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("type", "test.types");
    fields.put("nil", null);
    fields.put("true", true);
    fields.put("false", false);
    fields.put("fixint", 127);
    fields.put("uint8", 200);
    fields.put("uint16", 60000);
    fields.put("uint32", 4000000000L);
    fields.put("int64_max", Long.MAX_VALUE);
    fields.put("negfixint", -32);
    fields.put("int8", -100);
    fields.put("int16", -30000);
    fields.put("int32", -2000000000);
    fields.put("int64_min", Long.MIN_VALUE);
    fields.put("float", 1.5);
    fields.put("negative_float", -0.1);
    fields.put("string", "héllo ✓ 🎉");
    fields.put("empty_string", "");
    fields.put("bytes", new byte[] {0, 1, (byte) 0xff});
    fields.put("empty_bytes", new byte[0]);
    fields.put("list", Arrays.asList(1, "a", null));
    fields.put("map", Map.of("k", Map.of("nested", List.of(new byte[] {'x'}))));
    return Message.of(fields);
  }

  private static Object nest(int levels, Object inner) {
    Object value = inner;
    for (int i = 0; i < levels; i++) {
      value = List.of(value);
    }
    return value;
  }
}
