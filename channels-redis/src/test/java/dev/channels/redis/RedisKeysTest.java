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
    "asgi:group:room:presence, HELPER,",
    "asgi:group:room:presence:keys, HELPER,",
    "asgi:group:room:presence:owner:0123456789abcdef5c0a456789abcdef, HELPER,",
    "asgi:group:room:presence:owned, HELPER,",
    "asgi:group:room@presence, GROUP, room@presence",
    "asgi:groupindex:room@presence#specific.abc!, HELPER,",
    "asgi:group:not a group:presence, FOREIGN,",
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

  @ParameterizedTest(name = "{0}")
  @CsvSource({"room", "a.b-c_d"})
  void presenceKeysStartWithTheirGroupsKeySoTheyShareItsHashSlot(String group) {
    String groupKey = RedisKeys.text(keys.group(group));

    assertThat(RedisKeys.text(keys.presenceEntries(group))).startsWith(groupKey + ":");
    assertThat(RedisKeys.text(keys.presenceByKey(group))).startsWith(groupKey + ":");
    assertThat(RedisKeys.text(keys.presenceOwners(group))).startsWith(groupKey + ":");
    assertThat(RedisKeys.text(keys.presenceOwned(group)))
        .isEqualTo(RedisKeys.text(keys.presenceEntries(group)) + ":owned");
  }
}
