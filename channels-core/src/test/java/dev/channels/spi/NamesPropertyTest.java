package dev.channels.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.InvalidNameException;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever string is offered as a name, validation either accepts it, and then it obeys the rules,
 * or throws InvalidNameException: nothing else comes out. Each seed is a reproducible case.
 */
class NamesPropertyTest {

  private static final String PLAIN = "abcXYZ019-_.";
  private static final String TRICKY = "!?/ :é\t\u0000\uD83C\uDF89\uD800";

  static LongStream seeds() {
    return LongStream.range(0, 2_000);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aChannelNameIsAcceptedOnlyIfItObeysTheRules(long seed) {
    String name = randomName(new Random(seed));
    boolean accepted;
    try {
      Names.requireValidChannel(name);
      accepted = true;
    } catch (InvalidNameException e) {
      assertThat(e.getMessage()).as("seed %d", seed).startsWith("Channel name");
      accepted = false;
    }
    assertThat(accepted).as("seed %d: '%s'", seed, name).isEqualTo(obeysChannelRules(name));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aGroupNameIsAcceptedOnlyIfItObeysTheRules(long seed) {
    String name = randomName(new Random(seed));
    boolean accepted;
    try {
      Names.requireValidGroup(name);
      accepted = true;
    } catch (InvalidNameException e) {
      accepted = false;
    }
    assertThat(accepted)
        .as("seed %d: '%s'", seed, name)
        .isEqualTo(
            !name.isEmpty()
                && name.length() <= 100
                && name.chars()
                    .allMatch(
                        c -> PLAIN.indexOf(c) >= 0 || Character.isLetterOrDigit(c) && c < 128));
  }

  // An independent statement of the rule, written from the specification, not from Names.
  private static boolean obeysChannelRules(String name) {
    if (name.isEmpty() || name.length() > 100) {
      return false;
    }
    int bang = name.indexOf('!');
    int mark = name.indexOf('?');
    if (bang != name.lastIndexOf('!') || mark != name.lastIndexOf('?') || bang == 0 || mark == 0) {
      return false;
    }
    if (mark > 0 && bang >= 0 && mark > bang) {
      return false;
    }
    return name.chars()
        .allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || "-_.!?".indexOf(c) >= 0));
  }

  private static String randomName(Random random) {
    int length = random.nextInt(10) == 0 ? 95 + random.nextInt(10) : random.nextInt(20);
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < length; i++) {
      String pool = random.nextInt(8) == 0 ? TRICKY : PLAIN;
      name.append(pool.charAt(random.nextInt(pool.length())));
    }
    return name.toString();
  }
}
