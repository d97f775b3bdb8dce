package dev.channels.spring.actuate;

import dev.channels.spring.consumer.ConsumerEndpoints;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes how many WebSocket sessions the {@code @ChannelConsumer} beans serve right now, and how
 * often their handlers have thrown: {@code channels.handler.errors}, tagged with the consumer, the
 * handler and the exception type, one counter for each kind as it first happens.
 */
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
    endpoints.watchHandlerErrors(
        (consumer, handler, exception, count) ->
            FunctionCounter.builder("channels.handler.errors", count, Number::doubleValue)
                .description("Handler calls that threw, by consumer, handler and exception type")
                .tags("consumer", consumer, "handler", handler, "exception", exception)
                .register(registry));
  }
}
