package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.MalformedMessageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Fernet tokens are byte for byte Python cryptography's, with channels_redis's key derivation. */
class FernetTest {

  record Vector(String key, String plaintext, long time, String iv, String token) {}

  static Stream<Vector> pythonVectors() throws IOException {
    try (InputStream in = FernetTest.class.getResourceAsStream("/vectors/fernet-vectors.json")) {
      JsonNode cases = JsonMapper.builder().build().readTree(in.readAllBytes());
      return cases
          .valueStream()
          .map(
              c ->
                  new Vector(
                      c.get("key").asString(),
                      c.get("plaintext").asString(),
                      c.get("time").asLong(),
                      c.get("iv").asString(),
                      c.get("token").asString()));
    }
  }

  @ParameterizedTest
  @MethodSource("pythonVectors")
  void makesTheTokenPythonMakes(Vector vector) {
    byte[] token =
        Fernet.fromChannelsRedisKey(vector.key())
            .encrypt(
                HexFormat.of().parseHex(vector.plaintext()),
                vector.time(),
                HexFormat.of().parseHex(vector.iv()));

    assertThat(new String(token, StandardCharsets.US_ASCII)).isEqualTo(vector.token());
  }

  @ParameterizedTest
  @MethodSource("pythonVectors")
  void opensPythonsToken(Vector vector) {
    byte[] plaintext =
        Fernet.fromChannelsRedisKey(vector.key())
            .decrypt(vector.token().getBytes(StandardCharsets.US_ASCII), 70, vector.time() + 5);

    assertThat(plaintext).isEqualTo(HexFormat.of().parseHex(vector.plaintext()));
  }

  @Test
  void everyKeyDecryptsAndOnlyTheFirstEncrypts() {
    MessageCrypto rotated = new MessageCrypto(List.of("new", "old"), Duration.ofSeconds(60));
    MessageCrypto before = new MessageCrypto(List.of("old"), Duration.ofSeconds(60));
    long now = System.currentTimeMillis() / 1000;

    byte[] fromOld = before.encrypt(new byte[] {1, 2, 3});
    byte[] fromNew = rotated.encrypt(new byte[] {4});

    assertThat(rotated.decrypt(fromOld, now)).containsExactly(1, 2, 3);
    assertThat(rotated.decrypt(fromNew, now)).containsExactly(4);
    assertThatThrownBy(() -> before.decrypt(fromNew, now))
        .isInstanceOf(MalformedMessageException.class);
  }

  @Test
  void aTamperedTokenIsRefused() {
    Fernet key = Fernet.fromChannelsRedisKey("secret");
    byte[] token = key.encrypt(new byte[] {1, 2, 3});
    token[20] = (byte) (token[20] == 'A' ? 'B' : 'A');

    assertThatThrownBy(() -> key.decrypt(token, 70, System.currentTimeMillis() / 1000))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("fails authentication");
  }

  @Test
  void aTokenOlderThanItsTimeToLiveIsRefused() {
    Fernet key = Fernet.fromChannelsRedisKey("secret");
    byte[] token = key.encrypt(new byte[] {1}, 1_000, new byte[16]);

    assertThatThrownBy(() -> key.decrypt(token, 70, 1_071))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("outside its time to live of 70 s");
  }
}
