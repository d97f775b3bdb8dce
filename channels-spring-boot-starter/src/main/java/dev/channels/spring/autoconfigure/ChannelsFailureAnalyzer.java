package dev.channels.spring.autoconfigure;

import dev.channels.spring.consumer.ConsumerDefinitionException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns a bad {@code channels.*} property or a consumer class that cannot work into a short startup
 * report that names the key or the method and the fix, instead of a stack trace.
 */
final class ChannelsFailureAnalyzer implements FailureAnalyzer {

  private final Configuration configuration = new Configuration();
  private final Consumers consumers = new Consumers();

  @Override
  public @Nullable FailureAnalysis analyze(Throwable failure) {
    FailureAnalysis analysis = configuration.analyze(failure);
    return analysis != null ? analysis : consumers.analyze(failure);
  }

  private static final class Configuration
      extends AbstractFailureAnalyzer<InvalidChannelLayerConfigurationException> {
    @Override
    protected FailureAnalysis analyze(
        Throwable root, InvalidChannelLayerConfigurationException cause) {
      return new FailureAnalysis(
          "Invalid channel layer configuration: %s%n%nProperty: %s"
              .formatted(cause.getMessage(), cause.property()),
          cause.action(),
          cause);
    }
  }

  private static final class Consumers
      extends AbstractFailureAnalyzer<ConsumerDefinitionException> {
    @Override
    protected FailureAnalysis analyze(Throwable root, ConsumerDefinitionException cause) {
      return new FailureAnalysis(
          "A channel consumer cannot be set up: " + cause.getMessage(),
          "Change the consumer as described above.",
          cause);
    }
  }
}
