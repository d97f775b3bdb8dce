package dev.channels.rabbitmq.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import dev.channels.rabbitmq.testing.RabbitBrokers;
import dev.channels.spring.ChannelHandler;
import dev.channels.spring.ChannelWorker;
import dev.channels.spring.autoconfigure.ChannelLayerAutoConfiguration;
import dev.channels.spring.autoconfigure.ChannelWorkerAutoConfiguration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Worker channels on RabbitMQ: instances of a Spring app share a worker channel (a normal channel,
 * one queue every instance consumes), and each message is handled once.
 */
class RabbitWorkerChannelsTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  RabbitAutoConfiguration.class,
                  RabbitChannelLayerAutoConfiguration.class,
                  ChannelLayerAutoConfiguration.class,
                  ChannelWorkerAutoConfiguration.class))
          .withUserConfiguration(Workers.class)
          .withPropertyValues(
              "channels.layers.default.backend=rabbitmq",
              "spring.rabbitmq.host=" + RabbitBrokers.HOST,
              "spring.rabbitmq.port=" + RabbitBrokers.PORT,
              "spring.rabbitmq.virtual-host=" + RabbitBrokers.virtualHost(),
              // 200 sent at once; a full channel is not what this tests.
              "channels.layers.default.channel-capacity.thumbnails=1000");

  @Test
  void twoInstancesShareAWorkerChannelAndHandleEachMessageOnce() {
    runner.run(
        first ->
            runner.run(
                second -> {
                  ChannelLayer layer = first.getBean(ChannelLayer.class);
                  Thumbnails one = first.getBean(Thumbnails.class);
                  Thumbnails other = second.getBean(Thumbnails.class);

                  for (int id = 0; id < 200; id++) {
                    layer.send("thumbnails", Message.of("thumbnails.generate", "id", id)).join();
                  }

                  Awaitility.await().until(() -> one.done.size() + other.done.size() == 200);
                  Map<Integer, Integer> all = new ConcurrentHashMap<>(one.done);
                  other.done.forEach((id, times) -> all.merge(id, times, Integer::sum));
                  assertThat(all).hasSize(200);
                  assertThat(all.values()).as("times each message was handled").containsOnly(1);
                  assertThat(one.done).as("handled by the first instance").isNotEmpty();
                  assertThat(other.done).as("handled by the second instance").isNotEmpty();
                }));
  }

  @Configuration(proxyBeanMethods = false)
  static class Workers {
    @Bean
    Thumbnails thumbnails() {
      return new Thumbnails();
    }
  }

  record Generate(int id) {}

  @ChannelWorker(value = "thumbnails", concurrency = 2)
  static class Thumbnails {
    final Map<Integer, Integer> done = new ConcurrentHashMap<>();

    @ChannelHandler("thumbnails.generate")
    void generate(Generate request) {
      done.merge(request.id(), 1, Integer::sum);
    }
  }
}
