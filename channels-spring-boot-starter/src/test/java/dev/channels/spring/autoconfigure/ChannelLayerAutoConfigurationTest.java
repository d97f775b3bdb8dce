package dev.channels.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.Message;
import dev.channels.layer.memory.InMemoryChannelLayer;
import dev.channels.spring.ChannelLayerBackend;
import dev.channels.spring.ChannelLayerDefinition;
import dev.channels.spring.ChannelLayers;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ChannelLayerAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ChannelLayerAutoConfiguration.class));

  @Test
  void providesAnInMemoryLayerWhenNothingIsConfigured() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(ChannelLayer.class).hasSingleBean(ChannelLayers.class);
          assertThat(context.getBean(ChannelLayer.class)).isInstanceOf(InMemoryChannelLayer.class);
          assertThat(context.getBean(ChannelLayer.class).settings())
              .isEqualTo(ChannelLayerSettings.defaults());
        });
  }

  @Test
  void mapsDjangoStyleOptionsOntoTheLayersSettings() {
    runner
        .withPropertyValues(
            "channels.layers.default.expiry=30",
            "channels.layers.default.group-expiry=2h",
            "channels.layers.default.capacity=50",
            "channels.layers.default.channel-capacity.[websocket.send*]=20",
            "channels.layers.default.channel-capacity.[http.request]=200",
            "channels.layers.default.max-message-size=2MB")
        .run(
            context -> {
              ChannelLayerSettings settings = context.getBean(ChannelLayer.class).settings();
              assertThat(settings.expiry()).isEqualTo(Duration.ofSeconds(30));
              assertThat(settings.groupExpiry()).isEqualTo(Duration.ofHours(2));
              assertThat(settings.capacity()).isEqualTo(50);
              assertThat(settings.capacityOf("websocket.send!x")).isEqualTo(20);
              assertThat(settings.capacityOf("http.request")).isEqualTo(200);
              assertThat(settings.maxMessageSize()).isEqualTo(2 * 1024 * 1024);
            });
  }

  @Test
  void registersEveryConfiguredAliasWithTheDefaultFirst() {
    runner
        .withPropertyValues(
            "channels.layers.events.backend=in-memory", "channels.layers.events.capacity=7")
        .run(
            context -> {
              ChannelLayers layers = context.getBean(ChannelLayers.class);
              assertThat(layers.aliases()).containsExactly("default", "events");
              assertThat(layers.get("default")).isSameAs(context.getBean(ChannelLayer.class));
              assertThat(layers.get("events").settings().capacity()).isEqualTo(7);
            });
  }

  @Test
  void theDefaultLayerWorks() {
    runner.run(
        context -> {
          ChannelLayer layer = context.getBean(ChannelLayer.class);
          String channel = layer.newChannel();
          layer.blocking().send(channel, Message.of("test.hello"));
          assertThat(layer.blocking().receive(channel)).isEqualTo(Message.of("test.hello"));
        });
  }

  @Test
  void backsOffWhenUserDefinesChannelLayer() {
    runner
        .withUserConfiguration(UserLayer.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(ChannelLayer.class);
              assertThat(context.getBean(ChannelLayer.class)).isSameAs(UserLayer.LAYER);
              assertThat(context.getBean(ChannelLayers.class).get("default"))
                  .isSameAs(UserLayer.LAYER);
            });
  }

  @Test
  void backsOffWhenUserDefinesChannelLayers() {
    runner
        .withUserConfiguration(UserRegistry.class)
        .run(
            context ->
                assertThat(context.getBean(ChannelLayers.class)).isSameAs(UserRegistry.LAYERS));
  }

  @Test
  void aUserBackendCanBeNamed() {
    runner
        .withUserConfiguration(UserBackend.class)
        .withPropertyValues("channels.layers.default.backend=custom")
        .run(
            context -> assertThat(context.getBean(ChannelLayer.class)).isSameAs(UserBackend.LAYER));
  }

  @Test
  void closesTheLayersItMadeWhenTheContextCloses() {
    runner
        .withPropertyValues("channels.layers.other.capacity=5")
        .run(
            context -> {
              ChannelLayers layers = context.getBean(ChannelLayers.class);
              context.close();
              assertThat(layers.get("default").receive("test.after")).isCompletedExceptionally();
              assertThat(layers.get("other").receive("test.after")).isCompletedExceptionally();
            });
  }

  @Test
  void anUnknownBackendStopsStartupNamingTheKeyAndTheChoices() {
    runner
        .withPropertyValues("channels.layers.default.backend=kafka")
        .run(
            context -> {
              FailureAnalysis analysis = analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains(
                      "channels.layers.default.backend is 'kafka', which is not a channel layer backend");
              assertThat(analysis.getAction())
                  .isEqualTo("Set channels.layers.default.backend to one of: in-memory.");
            });
  }

  @Test
  void aBackendWhoseModuleIsMissingStopsStartupNamingTheDependency() {
    runner
        .withPropertyValues("channels.layers.default.backend=redis")
        .run(
            context -> {
              FailureAnalysis analysis = analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains(
                      "channels.layers.default.backend is 'redis', but that backend's module is not on the classpath");
              assertThat(analysis.getAction())
                  .isEqualTo(
                      "Add the dependency dev.channels:channels-redis, or set channels.layers.default.backend to one of: in-memory.");
            });
  }

  @Test
  void anAliasWithCharactersOutsideLettersDigitsDashAndUnderscoreStopsStartup() {
    runner
        .withPropertyValues("channels.layers.[chat/events].backend=in-memory")
        .run(
            context -> {
              FailureAnalysis analysis = analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains("The channel layer alias 'chat/events' has a character other than");
              assertThat(analysis.getAction()).contains("Rename the alias under channels.layers");
            });
  }

  @Test
  void aBadValueStopsStartupNamingTheKey() {

    runner
        .withPropertyValues("channels.layers.events.capacity=0")
        .run(
            context -> {
              FailureAnalysis analysis = analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains(
                      "channels.layers.events.capacity: capacity must be at least 1, but was 0")
                  .contains("Property: channels.layers.events.capacity");
              assertThat(analysis.getAction())
                  .isEqualTo("Correct channels.layers.events.capacity.");
            });
  }

  @Test
  void aBadChannelCapacityNamesThePattern() {
    runner
        .withPropertyValues("channels.layers.default.channel-capacity.[ws.*]=-1")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("channel-capacity[ws.*] must be at least 1"));
  }

  private static FailureAnalysis analyze(Throwable failure) {
    FailureAnalysis analysis = new ChannelsFailureAnalyzer().analyze(failure);
    assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
    return analysis;
  }

  @Configuration(proxyBeanMethods = false)
  static class UserLayer {
    static final ChannelLayer LAYER = new InMemoryChannelLayer();

    @Bean
    ChannelLayer myLayer() {
      return LAYER;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserRegistry {
    static final ChannelLayers LAYERS = new ChannelLayers(java.util.Map.of());

    @Bean
    ChannelLayers myLayers() {
      return LAYERS;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserBackend {
    static final ChannelLayer LAYER = new InMemoryChannelLayer();

    @Bean
    ChannelLayerBackend customBackend() {
      return new ChannelLayerBackend() {
        @Override
        public String name() {
          return "custom";
        }

        @Override
        public ChannelLayer create(ChannelLayerDefinition definition) {
          return LAYER;
        }
      };
    }
  }
}
