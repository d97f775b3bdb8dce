package dev.channels.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration metadata the build generates, which IDEs complete {@code channels.*} keys from:
 * read from the starter's own classes, as the jar ships it.
 */
class ConfigurationMetadataTest {

  private static JsonNode metadata;

  @BeforeAll
  static void readGeneratedMetadata() throws Exception {
    URL classes = ChannelsProperties.class.getProtectionDomain().getCodeSource().getLocation();
    URL file = classes.toURI().resolve("META-INF/spring-configuration-metadata.json").toURL();
    try (InputStream in = file.openStream()) {
      metadata = JsonMapper.builder().build().readTree(in);
    }
  }

  @Test
  void describesEverySharedLayerOptionUnderTheDefaultAlias() {
    assertThat(properties())
        .containsKeys(
            "channels.layers",
            "channels.layers.default.backend",
            "channels.layers.default.expiry",
            "channels.layers.default.group-expiry",
            "channels.layers.default.capacity",
            "channels.layers.default.channel-capacity",
            "channels.layers.default.max-message-size",
            "channels.layers.default.presence-timeout",
            "channels.layers.default.presence-heartbeat");
    assertThat(
            properties()
                .get("channels.layers.default.presence-timeout")
                .get("defaultValue")
                .asString())
        .isEqualTo("20s");
    assertThat(properties().get("channels.layers.default.expiry").get("defaultValue").asString())
        .isEqualTo("60s");
    // A map of the shared options, so that an IDE completes them under an alias of any name.
    assertThat(properties().get("channels.layers").get("type").asString())
        .isEqualTo(
            "java.util.Map<java.lang.String,dev.channels.spring.autoconfigure.ChannelsProperties$Layer>");
  }

  @Test
  void describesTheConsumerAndWebSocketSettingsWithTheirDefaults() {
    Map<String, JsonNode> properties = properties();
    assertThat(properties)
        .containsKeys(
            "channels.consumer.unhandled-type",
            "channels.consumer.handler-error",
            "channels.consumer.threads",
            "channels.websocket.allowed-origins",
            "channels.websocket.allowed-origin-patterns",
            "channels.websocket.send-time-limit",
            "channels.websocket.send-buffer-size-limit",
            "channels.websocket.max-text-message-size",
            "channels.websocket.max-binary-message-size",
            "channels.websocket.max-queued-messages");
    assertThat(properties.get("channels.websocket.max-queued-messages").get("defaultValue").asInt())
        .isEqualTo(100);
  }

  @Test
  void hintsTheDefaultAliasAsAMapKey() {
    assertThat(hintValues("channels.layers.keys")).containsExactly("default");
  }

  @Test
  void hintsTheInMemoryBackendAndThePolicies() {
    assertThat(hintValues("channels.layers.default.backend")).containsExactly("in-memory");
    assertThat(hintValues("channels.consumer.unhandled-type")).containsExactly("log", "close");
    assertThat(hintValues("channels.consumer.handler-error")).containsExactly("log", "close");
  }

  private static Map<String, JsonNode> properties() {
    return StreamSupport.stream(metadata.get("properties").spliterator(), false)
        .collect(
            java.util.stream.Collectors.toMap(
                property -> property.get("name").asString(), property -> property));
  }

  private static List<String> hintValues(String name) {
    JsonNode hint =
        StreamSupport.stream(metadata.get("hints").spliterator(), false)
            .filter(candidate -> candidate.get("name").asString().equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no hint for " + name));
    return StreamSupport.stream(hint.get("values").spliterator(), false)
        .map(value -> value.get("value").asString())
        .toList();
  }
}
