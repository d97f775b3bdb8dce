package dev.channels.test.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Puts {@code channels.layers.<alias>.backend=in-memory} in front of every other property source,
 * for the default alias and every alias the environment configures. Runs once the application's
 * configuration files are read, so the aliases they name are all known.
 */
final class InMemoryChannelLayersContextCustomizer implements ContextCustomizer {

  static final String PROPERTY_SOURCE = "inMemoryChannelLayers";

  private static final ConfigurationPropertyName LAYERS =
      ConfigurationPropertyName.of("channels.layers");

  @Override
  public void customizeContext(
      ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
    ConfigurableEnvironment environment = context.getEnvironment();
    Map<String, Object> overrides = new LinkedHashMap<>();
    for (String alias : aliases(environment)) {
      overrides.put("channels.layers." + alias + ".backend", "in-memory");
    }
    environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, overrides));
  }

  // From every source, environment variables included (CHANNELS_LAYERS_EVENTS_BACKEND).
  private static TreeSet<String> aliases(ConfigurableEnvironment environment) {
    TreeSet<String> aliases = new TreeSet<>();
    aliases.add("default");
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (source instanceof IterableConfigurationPropertySource iterable) {
        iterable.stream()
            .filter(name -> LAYERS.isAncestorOf(name) && name.getNumberOfElements() > 3)
            .forEach(name -> aliases.add(name.getElement(2, Form.ORIGINAL)));
      }
    }
    return aliases;
  }

  // One customizer is like another: tests that share it share their cached context.
  @Override
  public boolean equals(Object other) {
    return other instanceof InMemoryChannelLayersContextCustomizer;
  }

  @Override
  public int hashCode() {
    return InMemoryChannelLayersContextCustomizer.class.hashCode();
  }
}
