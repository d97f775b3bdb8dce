package dev.channels.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.spring.ChannelLayers;
import dev.channels.spring.RequiresJava21;
import dev.channels.spring.consumer.ConsumerEndpoints;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import tools.jackson.databind.json.JsonMapper;

class ChannelConsumerAutoConfigurationTest {

  private static final AutoConfigurations CHANNELS =
      AutoConfigurations.of(
          ChannelLayerAutoConfiguration.class, ChannelConsumerAutoConfiguration.class);

  private final WebApplicationContextRunner web =
      new WebApplicationContextRunner().withConfiguration(CHANNELS);

  @Test
  void servesConsumersInAServletWebApplication() {
    web.run(context -> assertThat(context).hasSingleBean(ConsumerEndpoints.class));
  }

  @Test
  void servesNoConsumersOutsideAWebApplication() {
    new ApplicationContextRunner()
        .withConfiguration(CHANNELS)
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(ChannelLayers.class)
                    .doesNotHaveBean(ConsumerEndpoints.class));
  }

  @Test
  void backsOffWhenUserDefinesConsumerEndpoints() {
    web.withUserConfiguration(UserEndpoints.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(ConsumerEndpoints.class);
              assertThat(context.getBean(ConsumerEndpoints.class).executor())
                  .isInstanceOf(SyncTaskExecutor.class);
            });
  }

  @Test
  void runsHandlersOnAPoolOfFourThreadsPerCoreAndAtLeastEight() {
    web.run(
        context ->
            assertThat(poolOf(context.getBean(ConsumerEndpoints.class)).getCorePoolSize())
                .isEqualTo(Math.max(8, 4 * Runtime.getRuntime().availableProcessors())));
  }

  @Test
  void runsHandlersOnAsManyThreadsAsConfigured() {
    web.withPropertyValues("channels.consumer.threads=3")
        .run(
            context -> {
              ThreadPoolTaskExecutor pool = poolOf(context.getBean(ConsumerEndpoints.class));
              assertThat(pool.getCorePoolSize()).isEqualTo(3);
              assertThat(pool.getThreadNamePrefix()).isEqualTo("channels-consumer-");
            });
  }

  @Test
  @RequiresJava21
  void runsHandlersOnVirtualThreadsWhenTheyAreEnabled() {
    web.withPropertyValues("spring.threads.virtual.enabled=true", "channels.consumer.threads=3")
        .run(
            context ->
                assertThat(context.getBean(ConsumerEndpoints.class).executor())
                    .isInstanceOf(VirtualThreadTaskExecutor.class));
  }

  @Test
  @EnabledForJreRange(max = JRE.JAVA_20)
  void keepsThePoolWhereTheJavaVersionHasNoVirtualThreads() {
    web.withPropertyValues("spring.threads.virtual.enabled=true")
        .run(
            context ->
                assertThat(context.getBean(ConsumerEndpoints.class).executor())
                    .isInstanceOf(ThreadPoolTaskExecutor.class));
  }

  @Test
  void aQueueLimitBelowOneStopsStartupNamingTheKeyAsAWebSocketSetting() {
    web.withPropertyValues("channels.websocket.max-queued-messages=0")
        .run(
            context -> {
              FailureAnalysis analysis =
                  new ChannelsFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis).isNotNull();
              assertThat(analysis.getDescription())
                  .startsWith(
                      "Invalid consumer WebSocket configuration: channels.websocket"
                          + ".max-queued-messages must be at least 1, but was 0.")
                  .endsWith("Property: channels.websocket.max-queued-messages")
                  .doesNotContain("channel layer");
              assertThat(analysis.getAction())
                  .isEqualTo(
                      "Set channels.websocket.max-queued-messages to 1 or more; the default is 100.");
            });
  }

  private static ThreadPoolTaskExecutor poolOf(ConsumerEndpoints endpoints) {
    Executor executor = endpoints.executor();
    assertThat(executor).isInstanceOf(ThreadPoolTaskExecutor.class);
    return (ThreadPoolTaskExecutor) executor;
  }

  @Configuration(proxyBeanMethods = false)
  static class UserEndpoints {

    @Bean
    ConsumerEndpoints myEndpoints(ConfigurableListableBeanFactory beans) {
      return new ConsumerEndpoints(
          beans,
          new ChannelLayers(Map.of()),
          new SyncTaskExecutor(),
          JsonMapper.builder().build(),
          new ChannelsProperties().consumerSettings());
    }
  }
}
