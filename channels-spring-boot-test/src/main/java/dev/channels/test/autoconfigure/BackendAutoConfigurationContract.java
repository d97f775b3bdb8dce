package dev.channels.test.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import dev.channels.spring.ChannelLayers;
import dev.channels.spring.actuate.ChannelLayerHealthContributorAutoConfiguration;
import dev.channels.spring.actuate.ChannelLayerMetricsAutoConfiguration;
import dev.channels.spring.actuate.ChannelsEndpoint;
import dev.channels.spring.actuate.ChannelsEndpointAutoConfiguration;
import dev.channels.spring.actuate.LayerDescriptor;
import dev.channels.spring.autoconfigure.ChannelLayerAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * What a backend module's auto-configuration must give a Spring Boot application: {@code
 * channels.layers.<alias>.backend} selects it, for any number of aliases; its layers work; and the
 * Actuator reports them through the backend (health up and named, the shared meters counting, the
 * {@code channels} endpoint listing what they hold). A backend's test names the backend, its
 * auto-configuration classes, and the properties that reach a running broker.
 */
public abstract class BackendAutoConfigurationContract {

  /** The backend's name in {@code channels.layers.<alias>.backend}, such as {@code redis}. */
  protected abstract String backend();

  /** The backend module's auto-configuration classes. */
  protected abstract List<Class<?>> backendAutoConfigurations();

  /**
   * The backend's own properties for {@code alias} that reach the test's broker, as {@code
   * key=value} pairs under {@code channels.layers.<alias>.}, such as {@code hosts[0]=redis://...}.
   */
  protected abstract List<String> brokerProperties(String alias);

  /** Runs the starter's and the backend's auto-configuration, with the Actuator's. */
  protected ApplicationContextRunner runner() {
    List<Class<?>> configurations = new ArrayList<>(backendAutoConfigurations());
    configurations.addAll(
        List.of(
            ChannelLayerAutoConfiguration.class,
            ChannelLayerHealthContributorAutoConfiguration.class,
            MetricsAutoConfiguration.class,
            SimpleMetricsExportAutoConfiguration.class,
            ChannelLayerMetricsAutoConfiguration.class,
            ChannelsEndpointAutoConfiguration.class));
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(configurations.toArray(Class<?>[]::new)))
        .withPropertyValues("management.endpoints.web.exposure.include=channels")
        .withPropertyValues(layer("default"))
        .withPropertyValues(layer("second"));
  }

  private String[] layer(String alias) {
    List<String> properties = new ArrayList<>();
    properties.add("channels.layers.%s.backend=%s".formatted(alias, backend()));
    brokerProperties(alias)
        .forEach(p -> properties.add("channels.layers.%s.%s".formatted(alias, p)));
    return properties.toArray(String[]::new);
  }

  @Test
  void theDefaultAliasIsALayerOfTheBackendThatWorks() {
    runner()
        .run(
            context -> {
              ChannelLayer layer = context.getBean(ChannelLayer.class);
              String channel = layer.newChannel();
              layer.send(channel, Message.of("test.hello")).join();
              assertThat(layer.blocking().receive(channel, Duration.ofSeconds(10)))
                  .contains(Message.of("test.hello"));
              assertThat(endpoint(context, "default").backend()).isEqualTo(backend());
            });
  }

  @Test
  void eachAliasHasALayerOfItsOwn() {
    runner()
        .run(
            context -> {
              ChannelLayers layers = context.getBean(ChannelLayers.class);
              assertThat(layers.aliases()).containsExactly("default", "second");
              assertThat(layers.get("second")).isNotSameAs(layers.get("default"));
              assertThat(endpoint(context, "second").backend()).isEqualTo(backend());
            });
  }

  @Test
  void itsHealthIsUpAndNamesTheBackend() {
    runner()
        .run(
            context ->
                Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                        () -> {
                          Health health = health(context, "default");
                          assertThat(health.getStatus()).isEqualTo(Status.UP);
                          assertThat(health.getDetails()).containsEntry("backend", backend());
                        }));
  }

  @Test
  void theSharedMetersCountWhatItDoes() {
    runner()
        .run(
            context -> {
              ChannelLayer layer = context.getBean(ChannelLayer.class);
              String channel = layer.newChannel();
              layer.groupAdd("chat_metered", channel).join();
              layer.groupSend("chat_metered", Message.of("test.metered")).join();
              layer.blocking().receive(channel, Duration.ofSeconds(10));

              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(counter(registry, "channels.group.sends")).isEqualTo(1);
              assertThat(counter(registry, "channels.messages.sent")).isEqualTo(1);
              assertThat(counter(registry, "channels.messages.received")).isEqualTo(1);
            });
  }

  @Test
  void theEndpointListsTheGroupsItHolds() {
    runner()
        .run(
            context -> {
              ChannelLayer layer = context.getBean(ChannelLayer.class);
              layer.groupAdd("chat_listed", layer.newChannel()).join();
              layer.groupAdd("chat_listed", layer.newChannel()).join();

              LayerDescriptor described = endpoint(context, "default");

              assertThat(described.error()).isNull();
              assertThat(described.snapshot().groups()).containsEntry("chat_listed", 2);
              layer.flush().join();
            });
  }

  private static LayerDescriptor endpoint(AssertableApplicationContext context, String alias) {
    LayerDescriptor described = context.getBean(ChannelsEndpoint.class).layer(alias);
    assertThat(described).as("the endpoint's description of %s", alias).isNotNull();
    return described;
  }

  private static Health health(AssertableApplicationContext context, String alias) {
    CompositeHealthContributor channels =
        context.getBean("channelsHealthContributor", CompositeHealthContributor.class);
    return ((HealthIndicator) channels.getContributor(alias)).health();
  }

  private static double counter(MeterRegistry registry, String name) {
    return registry.get(name).tag("layer", "default").functionCounter().count();
  }
}
