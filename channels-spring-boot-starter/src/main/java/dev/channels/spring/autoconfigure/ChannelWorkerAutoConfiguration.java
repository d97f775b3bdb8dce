package dev.channels.spring.autoconfigure;

import dev.channels.spring.ChannelLayers;
import dev.channels.spring.consumer.ChannelWorkers;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Works the channels of every {@code @ChannelWorker} bean, in any application (web or not), unless
 * {@code channels.worker.enabled=false}: Django's {@code runworker}, with a property to make an
 * instance a worker or not.
 */
@AutoConfiguration(
    after = ChannelLayerAutoConfiguration.class,
    afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(JsonMapper.class)
@ConditionalOnBean(ChannelLayers.class)
public final class ChannelWorkerAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  ChannelWorkers channelWorkers(
      ConfigurableListableBeanFactory beans,
      ChannelLayers layers,
      ObjectProvider<JsonMapper> jsonMapper,
      ChannelsProperties properties,
      Environment environment) {
    return new ChannelWorkers(
        beans,
        layers,
        jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
        properties.workerSettings(),
        Threading.VIRTUAL.isActive(environment));
  }
}
