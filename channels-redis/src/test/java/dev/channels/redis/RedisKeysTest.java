package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which keys that SCAN finds under a prefix are this prefix's, and what each one is. */
class RedisKeysTest {

  private final RedisKeys keys = new RedisKeys("asgi");

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({
    "asgi:group:room, GROUP, room",
    "asgihttp.request, QUEUE, http.request",
    "asgispecific.abc!, QUEUE, specific.abc!",
    "asgi:groupindex:room, HELPER,",
    "asgi:groupindex:room#specific.abc!, HELPER,",
    "asgispecific.abc!$inflight, HELPER,",
    "asgi2:group:room, FOREIGN,",
    "asgi2:groupindex:room, FOREIGN,",
    "asgi:app2:group:room, FOREIGN,",
    "asgi:group:not a group, FOREIGN,",
    "asgi, FOREIGN,",
    // Indistinguishable in channels_redis's layout: prefix asgi2 and queue http.request, or
    // prefix asgi and queue 2http.request. Prefixes that are not prefixes of each other avoid it.
    "asgi2http.request, QUEUE, 2http.request"
  })
  void tellsThisPrefixsKeysFromThoseOfALongerPrefix(String key, RedisKeys.Kind kind, String name) {
    RedisKeys.Owned owned = keys.owner(RedisKeys.bytes(key));

    assertThat(owned.kind()).isEqualTo(kind);
    assertThat(owned.name()).isEqualTo(name);
  }
}
