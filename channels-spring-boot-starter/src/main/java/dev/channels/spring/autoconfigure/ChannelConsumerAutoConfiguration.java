package dev.channels.spring.autoconfigure;

import dev.channels.spring.ChannelLayers;
import dev.channels.spring.consumer.ConsumerEndpoints;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves every {@code @ChannelConsumer} bean on its WebSocket paths in a servlet web application.
 * Handlers run on a pool of their own (virtual threads when {@code spring.threads.virtual.enabled}
 * is set on Java 21+), never on the container's I/O threads.
 */
@AutoConfiguration(
    after = ChannelLayerAutoConfiguration.class,
    afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({WebSocketConfigurer.class, JsonMapper.class})
@EnableWebSocket
public final class ChannelConsumerAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  ConsumerEndpoints channelConsumerEndpoints(
      ConfigurableListableBeanFactory beans,
      ChannelLayers layers,
      ObjectProvider<JsonMapper> jsonMapper,
      ChannelsProperties properties,
      Environment environment) {
    return new ConsumerEndpoints(
        beans,
        layers,
        consumerExecutor(properties, environment),
        jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
        properties.consumerSettings());
  }

  private static Executor consumerExecutor(ChannelsProperties properties, Environment environment) {
    if (Threading.VIRTUAL.isActive(environment)) {
      return new VirtualThreadTaskExecutor("channels-consumer-");
    }
    int threads = properties.getConsumer().getThreads();
    ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
    pool.setCorePoolSize(
        threads > 0 ? threads : Math.max(8, 4 * Runtime.getRuntime().availableProcessors()));
    pool.setThreadNamePrefix("channels-consumer-");
    pool.setDaemon(true);
    pool.setWaitForTasksToCompleteOnShutdown(true);
    pool.setAwaitTerminationSeconds(10);
    pool.initialize();
    return pool;
  }
}
