package dev.channels.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.BlockingChannelLayer;
import dev.channels.ChannelLayer;
import dev.channels.Message;
import dev.channels.spring.ChannelLayers;
import dev.channels.spring.autoconfigure.ChannelConsumerAutoConfiguration;
import dev.channels.spring.autoconfigure.ChannelLayerAutoConfiguration;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ChannelLayerMetricsAutoConfigurationTest {

  private static final AutoConfigurations CONFIGURATIONS =
      AutoConfigurations.of(
          MetricsAutoConfiguration.class,
          SimpleMetricsExportAutoConfiguration.class,
          ChannelLayerAutoConfiguration.class,
          ChannelLayerMetricsAutoConfiguration.class);

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withConfiguration(CONFIGURATIONS);

  @Test
  void countsSendsReceivesGroupSendsAndDropsOfTheLayer() {
    runner
        .withPropertyValues("channels.layers.default.capacity=1")
        .run(
            context -> {
              BlockingChannelLayer layer = context.getBean(ChannelLayer.class).blocking();
              String channel = context.getBean(ChannelLayer.class).newChannel();
              layer.groupAdd("room", channel);
              layer.send(channel, Message.of("test.first"));
              // The channel holds its capacity of one, so the group send drops its message.
              layer.groupSend("room", Message.of("test.second"));
              layer.receive(channel);

              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(count(registry, "channels.messages.sent", "default")).isEqualTo(1);
              assertThat(count(registry, "channels.messages.received", "default")).isEqualTo(1);
              assertThat(count(registry, "channels.group.sends", "default")).isEqualTo(1);
              assertThat(dropped(registry, "capacity")).isEqualTo(1);
              assertThat(dropped(registry, "expired")).isZero();
              assertThat(dropped(registry, "malformed")).isZero();
              FunctionTimer lag =
                  registry.get("channels.receive.lag").tag("layer", "default").functionTimer();
              assertThat(lag.count()).isEqualTo(1);
              assertThat(lag.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(0);
            });
  }

  @Test
  void eachAliasHasMetersTaggedWithItsName() {
    runner
        .withPropertyValues("channels.layers.events.backend=in-memory")
        .run(
            context -> {
              ChannelLayer events = context.getBean(ChannelLayers.class).get("events");
              events.blocking().send(events.newChannel(), Message.of("test.event"));

              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(count(registry, "channels.messages.sent", "events")).isEqualTo(1);
              assertThat(count(registry, "channels.messages.sent", "default")).isZero();
            });
  }

  @Test
  void theGaugesReadWhatTheLayerHolds() {
    runner.run(
        context -> {
          ChannelLayer layer = context.getBean(ChannelLayer.class);
          String first = layer.newChannel();
          String second = layer.newChannel();
          layer.blocking().groupAdd("room", first);
          layer.blocking().groupAdd("room", second);
          layer.blocking().groupAdd("lobby", first);
          layer.blocking().send(first, Message.of("test.unread"));

          MeterRegistry registry = context.getBean(MeterRegistry.class);
          await()
              .untilAsserted(
                  () -> {
                    assertThat(gauge(registry, "channels.groups")).isEqualTo(2);
                    assertThat(gauge(registry, "channels.group.members")).isEqualTo(3);
                    assertThat(gauge(registry, "channels.channels")).isEqualTo(1);
                  });
        });
  }

  @Test
  void countsTheOpenConsumerSessions() {
    new WebApplicationContextRunner()
        .withConfiguration(CONFIGURATIONS)
        .withConfiguration(AutoConfigurations.of(ChannelConsumerAutoConfiguration.class))
        .run(
            context ->
                assertThat(
                        context
                            .getBean(MeterRegistry.class)
                            .get("channels.sessions.active")
                            .gauge()
                            .value())
                    .isZero());
  }

  @Test
  void backsOffWhenTheApplicationDefinesItsOwnBinder() {
    runner
        .withUserConfiguration(UserBinder.class)
        .run(
            context -> {
              assertThat(context)
                  .getBean(ChannelLayerMeterBinder.class)
                  .isSameAs(UserBinder.BINDER);
              assertThat(
                      context.getBean(MeterRegistry.class).find("channels.messages.sent").meters())
                  .isEmpty();
            });
  }

  @Test
  void withoutMicrometerTheLayersWorkWithoutMeters() {
    runner
        .withClassLoader(new FilteredClassLoader("io.micrometer"))
        .run(
            context -> {
              assertThat(context).hasNotFailed().doesNotHaveBean(ChannelLayerMeterBinder.class);
              ChannelLayer layer = context.getBean(ChannelLayer.class);
              String channel = layer.newChannel();
              layer.blocking().send(channel, Message.of("test.plain"));
              assertThat(layer.blocking().receive(channel)).isEqualTo(Message.of("test.plain"));
            });
  }

  private static double count(MeterRegistry registry, String name, String alias) {
    return registry.get(name).tag("layer", alias).functionCounter().count();
  }

  private static double dropped(MeterRegistry registry, String reason) {
    return registry
        .get("channels.messages.dropped")
        .tags("layer", "default", "reason", reason)
        .functionCounter()
        .count();
  }

  private static double gauge(MeterRegistry registry, String name) {
    return registry.get(name).tag("layer", "default").gauge().value();
  }

  @Configuration(proxyBeanMethods = false)
  static class UserBinder {
    static final ChannelLayerMeterBinder BINDER =
        new ChannelLayerMeterBinder(new ChannelLayers(Map.of()), List.of());

    @Bean
    ChannelLayerMeterBinder myChannelMeters() {
      return BINDER;
    }
  }
}
