package dev.channels.spring.actuate;

import dev.channels.spring.ChannelLayerBackend;
import dev.channels.spring.ChannelLayers;
import dev.channels.spring.autoconfigure.ChannelLayerAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code channels} actuator endpoint, when it is available: expose it over HTTP with {@code
 * management.endpoints.web.exposure.include=channels}.
 */
@AutoConfiguration(after = ChannelLayerAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnAvailableEndpoint(ChannelsEndpoint.class)
public final class ChannelsEndpointAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(ChannelLayers.class)
  ChannelsEndpoint channelsEndpoint(
      ChannelLayers layers, ObjectProvider<ChannelLayerBackend> backends) {
    return new ChannelsEndpoint(layers, backends.orderedStream().toList());
  }
}
