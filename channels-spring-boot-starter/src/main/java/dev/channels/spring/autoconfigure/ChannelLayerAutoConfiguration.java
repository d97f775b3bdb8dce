package dev.channels.spring.autoconfigure;

import dev.channels.ChannelLayer;
import dev.channels.spring.ChannelLayerBackend;
import dev.channels.spring.ChannelLayers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Channel layers from {@code channels.layers.<alias>}: the {@link ChannelLayer} bean for the
 * "default" alias and a {@link ChannelLayers} registry of every alias. Each backs off when the
 * application defines its own.
 */
@AutoConfiguration
@EnableConfigurationProperties(ChannelsProperties.class)
public final class ChannelLayerAutoConfiguration {

  @Bean
  ChannelLayerFactory channelLayerFactory(
      ChannelsProperties properties,
      Environment environment,
      ObjectProvider<ChannelLayerBackend> backends) {
    return new ChannelLayerFactory(
        properties, Binder.get(environment), backends.orderedStream().toList());
  }

  @Bean
  @ConditionalOnMissingBean
  ChannelLayer channelLayer(ChannelLayerFactory factory) {
    return factory.create(ChannelsProperties.DEFAULT_ALIAS);
  }

  /**
   * Every alias; the default is whichever {@code ChannelLayer} bean exists, the application's own
   * or ours, so it is never made twice.
   */
  @Bean
  @ConditionalOnMissingBean
  ChannelLayers channelLayers(ChannelLayer channelLayer, ChannelLayerFactory factory) {
    Map<String, ChannelLayer> layers = new LinkedHashMap<>();
    List<ChannelLayer> owned = new ArrayList<>();
    layers.put(ChannelsProperties.DEFAULT_ALIAS, channelLayer);
    for (String alias : factory.aliases()) {
      if (!layers.containsKey(alias)) {
        ChannelLayer layer = factory.create(alias);
        layers.put(alias, layer);
        owned.add(layer);
      }
    }
    return new ChannelLayers(layers, owned);
  }

  @Configuration(proxyBeanMethods = false)
  static class InMemoryBackendConfiguration {

    @Bean
    ChannelLayerBackend inMemoryChannelLayerBackend() {
      return new InMemoryBackend();
    }
  }
}
