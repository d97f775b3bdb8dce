package dev.channels.spring.actuate;

import dev.channels.spring.ChannelLayerBackend;
import dev.channels.spring.ChannelLayers;
import dev.channels.spring.autoconfigure.ChannelLayerAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The "channels" health contributor, at {@code /actuator/health/channels}: one indicator per layer
 * alias. Turn it off with {@code management.health.channels.enabled=false}.
 */
@AutoConfiguration(after = ChannelLayerAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(ChannelLayers.class)
@ConditionalOnEnabledHealthIndicator("channels")
public final class ChannelLayerHealthContributorAutoConfiguration {

  /**
   * Always a composite, unlike Boot's own contributors with a single bean, so that {@code
   * /actuator/health/channels/<alias>} works however many aliases there are.
   */
  @Bean
  @ConditionalOnMissingBean(name = {"channelsHealthIndicator", "channelsHealthContributor"})
  HealthContributor channelsHealthContributor(
      ChannelLayers layers, ObjectProvider<ChannelLayerBackend> backends) {
    LayerBackends owners = new LayerBackends(backends.orderedStream().toList());
    return CompositeHealthContributor.fromMap(
        layers.asMap(), layer -> new ChannelLayerHealthIndicator(layer, owners));
  }
}
