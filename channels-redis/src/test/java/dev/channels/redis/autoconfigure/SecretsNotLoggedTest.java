package dev.channels.redis.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import dev.channels.redis.RedisChannelLayer;
import dev.channels.redis.testing.RedisServers;
import dev.channels.spring.autoconfigure.ChannelLayerAutoConfiguration;
import dev.channels.spring.autoconfigure.ChannelsFailureAnalyzer;
import dev.channels.test.TestNames;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The Redis password and the encryption keys appear in no log line, failure message or address the
 * layer reports: not while it works, not through an outage, not when the configuration is wrong.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNotLoggedTest {

  private static final String PASSWORD = "pa55-Not-For-Logs";
  private static final String KEY = "encryption-key-not-for-logs";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  RedisChannelLayerAutoConfiguration.class, ChannelLayerAutoConfiguration.class))
          .withPropertyValues(
              "channels.layers.default.backend=redis",
              "channels.layers.default.prefix=" + TestNames.unique("secrets"),
              "channels.layers.default.symmetric-encryption-keys[0]=" + KEY);

  // The runner starts no logging system of its own; turn up what the layer and Lettuce say.
  @BeforeEach
  void logEverything() {
    LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
    logging.setLogLevel("dev.channels", LogLevel.DEBUG);
    logging.setLogLevel("io.lettuce", LogLevel.DEBUG);
  }

  @AfterEach
  void logAsBefore() {
    LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
    logging.setLogLevel("dev.channels", null);
    logging.setLogLevel("io.lettuce", null);
  }

  @Test
  void neitherWhileWorkingNorThroughAnOutage(CapturedOutput output) {
    RedisServers.Process redis =
        RedisServers.start(
            "--user", "default", "off", "--user", "app", "on", ">" + PASSWORD, "~*", "&*", "+@all");
    try {
      runner
          .withPropertyValues("channels.layers.default.hosts[0]=" + urlWithPassword(redis.port()))
          .run(
              context -> {
                RedisChannelLayer layer = (RedisChannelLayer) context.getBean(ChannelLayer.class);
                String channel = layer.newChannel();
                layer.groupAdd("secrets", channel).join();
                layer.groupSend("secrets", Message.of("test.secret")).join();
                assertThat(layer.blocking().receive(channel, Duration.ofSeconds(10))).isPresent();

                redis.kill();
                Awaitility.await().until(() -> !layer.isConnected());
                assertThat(layer.send(channel, Message.of("test.during")))
                    .isCompletedExceptionally();
                assertThat(layer.addresses().toString()).doesNotContain(PASSWORD);
                // Lettuce logs its reconnect attempts, with the address it dials, a moment later.
                Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> output.getAll().contains("Reconnecting"));
              });
    } finally {
      redis.kill();
    }
    assertThat(output.getAll())
        .as("the outage was logged")
        .contains("Reconnecting")
        .doesNotContain(PASSWORD)
        .doesNotContain(KEY);
  }

  @Test
  void norWhenAHostIsMalformed(CapturedOutput output) {
    runner
        .withPropertyValues(
            "channels.layers.default.hosts[0]=redis://app:" + PASSWORD + "@127.0.0.1:notaport/0")
        .run(
            context -> {
              FailureAnalysis analysis =
                  new ChannelsFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis).isNotNull();
              assertThat(analysis.getDescription()).doesNotContain(PASSWORD);
              assertThat(analysis.getAction()).doesNotContain(PASSWORD);
            });
    assertThat(output.getAll()).doesNotContain(PASSWORD).doesNotContain(KEY);
  }

  private static String urlWithPassword(int port) {
    return "redis://app:" + PASSWORD + "@127.0.0.1:" + port + "/0";
  }
}
