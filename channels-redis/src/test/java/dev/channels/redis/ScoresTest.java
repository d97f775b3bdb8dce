package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScoresTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0.000000",
    "1, 0.001000",
    "999, 0.999000",
    "1000, 1.000000",
    "1764403200123, 1764403200.123000",
    "9999999999999, 9999999999.999000",
    "-1, -0.001000"
  })
  void aCutOffIsUnixSecondsWithSixDecimalsAsPythonReadsThem(long epochMillis, String score) {
    assertThat(new String(Scores.of(epochMillis), StandardCharsets.US_ASCII)).isEqualTo(score);
  }

  @ParameterizedTest
  @CsvSource({
    "1764403200, 123456789, 1764403200.123456",
    "1764403200, 0, 1764403200.000000",
    "9, 5000, 9.000005",
    "10, 999999999, 10.999999"
  })
  void aSendsScoreIsItsTimeToTheMicrosecond(long seconds, int nanos, String score) {
    byte[] next = new Scores().next(Instant.ofEpochSecond(seconds, nanos));

    assertThat(new String(next, StandardCharsets.US_ASCII)).isEqualTo(score);
    assertThat(Scores.toMillis(Double.parseDouble(score)))
        .isEqualTo(seconds * 1000 + nanos / 1_000_000);
  }

  @ParameterizedTest
  @CsvSource({"1764403200, 5", "1764403200, 1000"})
  void scoresOfOneLayerOnlyEverIncreaseEvenWhenTheClockStandsStill(long seconds, int sends) {
    Scores scores = new Scores();
    Instant now = Instant.ofEpochSecond(seconds);
    double last = -1;
    for (int i = 0; i < sends; i++) {
      double score = Double.parseDouble(new String(scores.next(now), StandardCharsets.US_ASCII));
      assertThat(score).isGreaterThan(last);
      last = score;
    }
  }
}
