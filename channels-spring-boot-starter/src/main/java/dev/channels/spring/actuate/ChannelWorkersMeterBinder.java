package dev.channels.spring.actuate;

import dev.channels.spring.consumer.ChannelWorkers;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes the slots working channels here ({@code channels.worker.slots}) and how often worker
 * handlers have thrown ({@code channels.handler.errors}, as for consumers).
 */
public final class ChannelWorkersMeterBinder implements MeterBinder {

  private final ChannelWorkers workers;

  /** Meters of {@code workers}. */
  public ChannelWorkersMeterBinder(ChannelWorkers workers) {
    this.workers = workers;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("channels.worker.slots", workers, ChannelWorkers::slots)
        .description("Messages of worker channels this instance handles at once, in all")
        .register(registry);
    workers.watchHandlerErrors(
        (worker, handler, exception, count) ->
            FunctionCounter.builder("channels.handler.errors", count, Number::doubleValue)
                .description("Handler calls that threw, by consumer, handler and exception type")
                .tags("consumer", worker, "handler", handler, "exception", exception)
                .register(registry));
  }
}
