package dev.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Capacity globs match exactly what Python's fnmatch matches, odd patterns included, so a Django
 * config carries over.
 */
class GlobTest {

  static Stream<Arguments> pythonFnmatchVectors() throws IOException {
    try (InputStream in = GlobTest.class.getResourceAsStream("/vectors/fnmatch-vectors.txt")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Arrays.stream(text.split("\n"))
          .filter(line -> !line.startsWith("#") && !line.isEmpty())
          .map(line -> line.split("\t", -1))
          .map(parts -> Arguments.of(parts[0], parts[1], Boolean.parseBoolean(parts[2])))
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "''{0}'' matches ''{1}'': {2}")
  @MethodSource("pythonFnmatchVectors")
  void matchesAsPythonsFnmatchDoes(String pattern, String name, boolean matches) {
    assertThat(Glob.compile(pattern).matches(name)).isEqualTo(matches);
  }

  @Test
  void compilesEveryPatternAsPythonDoes() {
    String alphabet = "[]!-^\\&~|az*?0.";
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder pattern = new StringBuilder();
      for (int length = 1 + random.nextInt(8); length > 0; length--) {
        pattern.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }

      assertThatCode(() -> Glob.compile(pattern.toString()))
          .as("'%s'", pattern)
          .doesNotThrowAnyException();
    }
  }
}
