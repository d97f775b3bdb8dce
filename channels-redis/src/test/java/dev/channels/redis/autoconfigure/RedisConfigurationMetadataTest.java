package dev.channels.redis.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The configuration metadata this module ships, which IDEs complete the Redis options from. */
class RedisConfigurationMetadataTest {

  @Test
  void describesTheRedisOptionsUnderEveryAliasAndHintsTheBackendName() throws Exception {
    URL classes = RedisBackend.class.getProtectionDomain().getCodeSource().getLocation();
    URL file = classes.toURI().resolve("META-INF/spring-configuration-metadata.json").toURL();
    JsonNode metadata;
    try (InputStream in = file.openStream()) {
      metadata = JsonMapper.builder().build().readTree(in);
    }

    assertThat(names(metadata.get("properties")))
        .containsExactlyInAnyOrder(
            "channels.layers",
            "channels.layers.default.hosts",
            "channels.layers.default.prefix",
            "channels.layers.default.symmetric-encryption-keys",
            "channels.layers.default.command-timeout",
            "channels.layers.default.sentinel.master",
            "channels.layers.default.sentinel.nodes",
            "channels.layers.default.sentinel.password",
            "channels.layers.default.cluster.nodes",
            "channels.layers.default.cluster.max-redirects",
            "channels.layers.default.ssl-bundle");
    // A map of the Redis options, so that an IDE completes them under an alias of any name.
    assertThat(type(metadata, "channels.layers"))
        .isEqualTo(
            "java.util.Map<java.lang.String,dev.channels.redis.autoconfigure.RedisLayerProperties>");
    JsonNode hint = metadata.get("hints").get(0);
    assertThat(hint.get("name").asString()).isEqualTo("channels.layers.default.backend");
    assertThat(hint.get("values").get(0).get("value").asString()).isEqualTo("redis");
  }

  private static String type(JsonNode metadata, String name) {
    return StreamSupport.stream(metadata.get("properties").spliterator(), false)
        .filter(property -> property.get("name").asString().equals(name))
        .findFirst()
        .orElseThrow()
        .get("type")
        .asString();
  }

  private static java.util.List<String> names(JsonNode properties) {
    return StreamSupport.stream(properties.spliterator(), false)
        .map(property -> property.get("name").asString())
        .toList();
  }
}
