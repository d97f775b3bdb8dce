package dev.channels.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.spring.ChannelLayers;
import dev.channels.spring.autoconfigure.ChannelLayerAutoConfiguration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ChannelLayerHealthContributorAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ChannelLayerAutoConfiguration.class,
                  ChannelLayerHealthContributorAutoConfiguration.class));

  @Test
  void anInMemoryLayerIsUp() {
    runner.run(
        context -> {
          Health health = health(context, "default");
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsExactly(Map.entry("backend", "in-memory"));
        });
  }

  @Test
  void aLayerOfAnotherKindIsUnknownAndNamesItsClass() {
    runner
        .withUserConfiguration(ForeignLayers.class)
        .run(
            context -> {
              Health health = health(context, "default");
              assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
              assertThat(health.getDetails())
                  .containsEntry("backend", ForeignLayer.class.getName());
            });
  }

  @Test
  void appearsUnderChannelsInTheHealthEndpoint() {
    runner
        .withConfiguration(
            AutoConfigurations.of(
                HealthContributorAutoConfiguration.class,
                HealthContributorRegistryAutoConfiguration.class,
                HealthEndpointAutoConfiguration.class))
        .withPropertyValues(
            "channels.layers.events.backend=in-memory",
            "management.endpoint.health.show-components=always")
        .run(
            context -> {
              CompositeHealthDescriptor channels =
                  (CompositeHealthDescriptor)
                      context.getBean(HealthEndpoint.class).healthForPath("channels");
              assertThat(channels.getStatus()).isEqualTo(Status.UP);
              assertThat(channels.getComponents()).containsOnlyKeys("default", "events");
            });
  }

  @Test
  void canBeTurnedOff() {
    runner
        .withPropertyValues("management.health.channels.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("channelsHealthContributor"));
  }

  @Test
  void withoutSpringBootHealthThereIsNoContributor() {
    runner
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(
            context ->
                assertThat(context).hasNotFailed().doesNotHaveBean("channelsHealthContributor"));
  }

  @Test
  void backsOffWhenTheApplicationDefinesItsOwn() {
    runner
        .withUserConfiguration(UserContributor.class)
        .run(
            context ->
                assertThat(context.getBean("channelsHealthContributor"))
                    .isSameAs(UserContributor.INDICATOR));
  }

  private static Health health(AssertableApplicationContext context, String alias) {
    CompositeHealthContributor channels =
        context.getBean("channelsHealthContributor", CompositeHealthContributor.class);
    return ((HealthIndicator) channels.getContributor(alias)).health();
  }

  @Configuration(proxyBeanMethods = false)
  static class ForeignLayers {
    @Bean
    ChannelLayers channelLayers() {
      return new ChannelLayers(Map.of("default", ForeignLayer.hanging()));
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserContributor {
    static final HealthIndicator INDICATOR = () -> Health.up().build();

    @Bean
    HealthIndicator channelsHealthContributor() {
      return INDICATOR;
    }
  }
}
