package dev.channels.spring.autoconfigure;

import dev.channels.spring.consumer.ConsumerDefinitionException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * Turns a bad {@code channels.*} property or a consumer class that cannot work into a short startup
 * report that names the key or the method and the fix, instead of a stack trace. Ordered first, so
 * that a {@code channels.*} value that does not convert is reported with the forms it takes rather
 * than by Spring Boot's general binding analysis.
 */
public final class ChannelsFailureAnalyzer implements FailureAnalyzer, Ordered {

  private final List<FailureAnalyzer> analyzers =
      List.of(new Configuration(), new Consumers(), new Binding());

  /** The analyzer Spring Boot finds through {@code META-INF/spring.factories}. */
  public ChannelsFailureAnalyzer() {}

  @Override
  public @Nullable FailureAnalysis analyze(Throwable failure) {
    for (FailureAnalyzer analyzer : analyzers) {
      FailureAnalysis analysis = analyzer.analyze(failure);
      if (analysis != null) {
        return analysis;
      }
    }
    return null;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  private static final class Configuration
      extends AbstractFailureAnalyzer<InvalidChannelsConfigurationException> {
    @Override
    protected FailureAnalysis analyze(Throwable root, InvalidChannelsConfigurationException cause) {
      return new FailureAnalysis(
          "Invalid %s configuration: %s%n%nProperty: %s"
              .formatted(cause.area(), cause.getMessage(), cause.property()),
          cause.action(),
          cause);
    }
  }

  private static final class Consumers
      extends AbstractFailureAnalyzer<ConsumerDefinitionException> {
    @Override
    protected FailureAnalysis analyze(Throwable root, ConsumerDefinitionException cause) {
      return new FailureAnalysis(
          "A channel consumer cannot be set up: " + cause.getMessage(), cause.action(), cause);
    }
  }

  /** A {@code channels.*} value of the wrong form: says which forms the property takes. */
  private static final class Binding extends AbstractFailureAnalyzer<BindException> {
    @Override
    protected @Nullable FailureAnalysis analyze(Throwable root, BindException cause) {
      ConfigurationProperty property = cause.getProperty();
      Class<?> type = cause.getTarget().getType().resolve();
      if (property == null
          || type == null
          || !property.getName().toString().startsWith("channels.")) {
        return null;
      }
      String forms = formsOf(type, cause.getTarget().getAnnotation(DurationUnit.class));
      if (forms == null) {
        return null;
      }
      String name = property.getName().toString();
      Origin origin = property.getOrigin();
      return new FailureAnalysis(
          "Invalid Spring Channels configuration: %s is '%s', which is not %s.%n%nProperty: %s%s"
              .formatted(
                  name,
                  property.getValue(),
                  forms,
                  name,
                  origin == null ? "" : "%nOrigin: %s".formatted(origin)),
          "Set %s to %s.".formatted(name, forms),
          cause);
    }

    private static @Nullable String formsOf(Class<?> type, @Nullable DurationUnit unit) {
      if (type == Duration.class) {
        ChronoUnit bare = unit != null ? unit.value() : ChronoUnit.MILLIS;
        return "a duration such as 60s, 500ms or 2h (a bare number means %s)"
            .formatted(bare.toString().toLowerCase(Locale.ROOT));
      }
      if (type == DataSize.class) {
        return "a size such as 512KB or 1MB (a bare number means bytes)";
      }
      if (type.isEnum()) {
        return "one of: "
            + Arrays.stream(type.getEnumConstants())
                .map(value -> ((Enum<?>) value).name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
      }
      if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
        return "a whole number";
      }
      return null;
    }
  }
}
