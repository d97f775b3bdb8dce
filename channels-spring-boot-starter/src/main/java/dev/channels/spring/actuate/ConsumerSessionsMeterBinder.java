package dev.channels.spring.actuate;

import dev.channels.spring.consumer.ConsumerEndpoints;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Publishes how many WebSocket sessions the {@code @ChannelConsumer} beans serve right now. */
public final class ConsumerSessionsMeterBinder implements MeterBinder {

  private final ConsumerEndpoints endpoints;

  /** A gauge of the live sessions of {@code endpoints}. */
  public ConsumerSessionsMeterBinder(ConsumerEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("channels.sessions.active", endpoints, e -> e.liveSessions().size())
        .description("WebSocket sessions open on channel consumers")
        .baseUnit("sessions")
        .register(registry);
  }
}
