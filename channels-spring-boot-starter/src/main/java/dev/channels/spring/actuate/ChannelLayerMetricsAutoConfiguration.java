package dev.channels.spring.actuate;

import dev.channels.spring.ChannelLayerBackend;
import dev.channels.spring.ChannelLayers;
import dev.channels.spring.autoconfigure.ChannelConsumerAutoConfiguration;
import dev.channels.spring.autoconfigure.ChannelLayerAutoConfiguration;
import dev.channels.spring.autoconfigure.ChannelWorkerAutoConfiguration;
import dev.channels.spring.consumer.ChannelWorkers;
import dev.channels.spring.consumer.ConsumerEndpoints;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of every channel layer, and of the consumers' sessions when they are served.
 * Boot binds the {@link MeterBinder} beans to the application's registry.
 */
@AutoConfiguration(
    after = {
      ChannelLayerAutoConfiguration.class,
      ChannelConsumerAutoConfiguration.class,
      ChannelWorkerAutoConfiguration.class
    },
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
    })
@ConditionalOnClass({MeterRegistry.class, MeterBinder.class})
@ConditionalOnBean(MeterRegistry.class)
public final class ChannelLayerMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(ChannelLayers.class)
  ChannelLayerMeterBinder channelLayerMeterBinder(
      ChannelLayers layers, ObjectProvider<ChannelLayerBackend> backends) {
    return new ChannelLayerMeterBinder(layers, backends.orderedStream().toList());
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(ConsumerEndpoints.class)
  ConsumerSessionsMeterBinder consumerSessionsMeterBinder(ConsumerEndpoints endpoints) {
    return new ConsumerSessionsMeterBinder(endpoints);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(ChannelWorkers.class)
  ChannelWorkersMeterBinder channelWorkersMeterBinder(ChannelWorkers workers) {
    return new ChannelWorkersMeterBinder(workers);
  }
}
