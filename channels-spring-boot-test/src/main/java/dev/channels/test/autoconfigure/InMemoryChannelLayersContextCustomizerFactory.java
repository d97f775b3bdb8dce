package dev.channels.test.autoconfigure;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/**
 * Applies {@link InMemoryChannelLayers} to the tests that carry it; found by Spring's test context.
 */
final class InMemoryChannelLayersContextCustomizerFactory implements ContextCustomizerFactory {

  @Override
  public @Nullable ContextCustomizer createContextCustomizer(
      Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
    boolean annotated =
        MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY)
            .isPresent(InMemoryChannelLayers.class);
    return annotated ? new InMemoryChannelLayersContextCustomizer() : null;
  }
}
