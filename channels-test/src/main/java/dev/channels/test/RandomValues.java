package dev.channels.test;

import dev.channels.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Seeded generators of message values for property tests: every type, nested, with strings that mix
 * ASCII, accented and CJK letters and characters outside the Basic Multilingual Plane. The seed is
 * part of every failure message, so a failure can be replayed.
 */
public final class RandomValues {

  private static final String ALPHABET = "abcXYZ019 -_.é✓안🎉";

  private final Random random;

  /** A generator that always produces the same sequence for {@code seed}. */
  public RandomValues(long seed) {
    this.random = new Random(seed);
  }

  /** A random message of up to {@code maxFields} fields nested up to {@code maxDepth} levels. */
  public Message message(int maxFields, int maxDepth) {
    Message.Builder builder = Message.builder("random." + string(8));
    for (int i = random.nextInt(maxFields + 1); i > 0; i--) {
      builder.put(string(12), value(maxDepth));
    }
    return builder.build();
  }

  /** A random value of any message type. */
  public @Nullable Object value(int depth) {
    int kinds = depth > 0 ? 9 : 7;
    switch (random.nextInt(kinds)) {
      case 0:
        return null;
      case 1:
        return random.nextBoolean();
      case 2:
        return integer();
      case 3:
        return random.nextBoolean() ? random.nextDouble() * 1e6 : (double) random.nextInt();
      case 4:
        return string(random.nextBoolean() ? 40 : 300);
      case 5:
        return bytes(random.nextBoolean() ? 10 : 300);
      case 6:
        return string(3);
      case 7:
        List<@Nullable Object> list = new ArrayList<>();
        for (int i = random.nextInt(20); i > 0; i--) {
          list.add(value(depth - 1));
        }
        return list;
      default:
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(20); i > 0; i--) {
          map.put(string(10), value(depth - 1));
        }
        return map;
    }
  }

  /** An integer near one of the MessagePack format boundaries, or anywhere in the long range. */
  public long integer() {
    long[] edges = {0, 31, 32, 127, 128, 255, 256, 65535, 65536, 1L << 32, Long.MAX_VALUE};
    long edge = edges[random.nextInt(edges.length)];
    long value = random.nextInt(4) == 0 ? random.nextLong() : edge + random.nextInt(3) - 1;
    return random.nextBoolean() ? value : -value;
  }

  /** A string of up to {@code maxLength} code points. */
  public String string(int maxLength) {
    StringBuilder out = new StringBuilder();
    for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
      out.appendCodePoint(
          ALPHABET.codePointAt(
              ALPHABET.offsetByCodePoints(
                  0, random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
    }
    return out.toString();
  }

  /** Up to {@code maxLength} random bytes. */
  public byte[] bytes(int maxLength) {
    byte[] bytes = new byte[random.nextInt(maxLength + 1)];
    random.nextBytes(bytes);
    return bytes;
  }
}
