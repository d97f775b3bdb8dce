package dev.channels.rabbitmq.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The configuration metadata this module ships, which IDEs complete the RabbitMQ options from. */
class RabbitConfigurationMetadataTest {

  @Test
  void describesTheRabbitmqOptionsAndHintsTheBackendName() throws Exception {
    URL classes = RabbitBackend.class.getProtectionDomain().getCodeSource().getLocation();
    URL file = classes.toURI().resolve("META-INF/spring-configuration-metadata.json").toURL();
    JsonNode metadata;
    try (InputStream in = file.openStream()) {
      metadata = JsonMapper.builder().build().readTree(in);
    }

    assertThat(names(metadata.get("properties")))
        .containsExactlyInAnyOrder(
            "channels.layers.default.rabbitmq.virtual-host",
            "channels.layers.default.rabbitmq.groups-exchange",
            "channels.layers.default.rabbitmq.queue-prefix",
            "channels.layers.default.rabbitmq.queue-expires");
    JsonNode hint = metadata.get("hints").get(0);
    assertThat(hint.get("name").asString()).isEqualTo("channels.layers.default.backend");
    assertThat(hint.get("values").get(0).get("value").asString()).isEqualTo("rabbitmq");
  }

  private static List<String> names(JsonNode properties) {
    return StreamSupport.stream(properties.spliterator(), false)
        .map(property -> property.get("name").asString())
        .toList();
  }
}
