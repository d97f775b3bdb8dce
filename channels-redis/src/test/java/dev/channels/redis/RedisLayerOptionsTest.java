package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.channels.InvalidSettingsException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisLayerOptionsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "redis://127.0.0.1:6379/0",
        "redis://localhost",
        "rediss://user:secret@redis.example.com:6380/2",
        "redis://[::1]:6379/0",
        "REDIS://127.0.0.1:6379",
        "redis-socket:///var/run/redis/redis.sock",
        "unix:///var/run/redis/redis.sock",
        "unix://:secret@/var/run/redis/redis.sock?db=1"
      })
  void acceptsRedisUrls(String url) {
    assertThat(RedisLayerOptions.builder().hosts(List.of(url)).build().hosts())
        .containsExactly(url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1:6379",
        "http://127.0.0.1:6379",
        "redis://user:secret@127.0.0.1:notaport/0",
        "redis://",
        "redis-socket://",
        "unix://",
        "redis://bad host/0"
      })
  void refusesAnythingElseWithoutRepeatingItsPassword(String url) {
    assertThatExceptionOfType(InvalidSettingsException.class)
        .isThrownBy(() -> RedisLayerOptions.builder().hosts(List.of(url)).build())
        .withMessageContaining("is not a Redis URL; write redis://host:6379/0")
        .withMessageNotContaining("secret")
        .satisfies(e -> assertThat(e.setting()).isEqualTo("hosts"));
  }
}
