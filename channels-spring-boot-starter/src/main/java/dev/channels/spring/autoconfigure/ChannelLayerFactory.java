package dev.channels.spring.autoconfigure;

import dev.channels.ChannelLayer;
import dev.channels.InvalidSettingsException;
import dev.channels.spring.ChannelLayerBackend;
import dev.channels.spring.ChannelLayerDefinition;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.Binder;

/** Makes the layer of an alias from its properties with the backend they name. */
final class ChannelLayerFactory {

  private static final Pattern VALID_ALIAS = Pattern.compile("[A-Za-z0-9_-]{1,100}");

  // Backends the starter knows by name, and the module that brings each: named in the error when
  // a configuration asks for one that is not on the classpath.
  private static final Map<String, String> MODULES =
      Map.of("redis", "dev.channels:channels-redis", "rabbitmq", "dev.channels:channels-rabbitmq");

  private final ChannelsProperties properties;
  private final Binder binder;
  private final Map<String, ChannelLayerBackend> backends;

  ChannelLayerFactory(
      ChannelsProperties properties, Binder binder, List<ChannelLayerBackend> backends) {
    this.properties = properties;
    this.binder = binder;
    this.backends =
        backends.stream()
            .collect(
                Collectors.toMap(
                    ChannelLayerBackend::name, Function.identity(), (a, b) -> a, TreeMap::new));
  }

  ChannelLayer create(String alias) {
    requireValidAlias(alias);
    ChannelsProperties.Layer layer = properties.layer(alias);
    ChannelLayerBackend backend = backendFor(alias, layer.getBackend());
    try {
      ChannelLayer made =
          backend.create(new ChannelLayerDefinition(alias, layer.settings(), binder));
      if (layer.isFailFast()) {
        FailFast.awaitUp(alias, made, backend, layer.getFailFastTimeout());
      }
      return made;
    } catch (InvalidSettingsException e) {
      String property =
          "channels.layers.%s.%s".formatted(alias, e.setting().replaceAll("\\[.*", ""));
      throw new InvalidChannelLayerConfigurationException(
          property, property + ": " + e.getMessage(), "Correct " + property + ".", e);
    }
  }

  List<String> aliases() {
    return properties.aliases();
  }

  // An alias ends up in property keys, metric tags and actuator paths (/actuator/health/channels/
  // <alias>), where a '/' or a '.' would be read as structure.
  private static void requireValidAlias(String alias) {
    if (!VALID_ALIAS.matcher(alias).matches()) {
      throw new InvalidChannelLayerConfigurationException(
          "channels.layers." + alias,
          "The channel layer alias '%s' has a character other than ASCII letters, digits, '-' and '_'."
              .formatted(alias),
          "Rename the alias under channels.layers, for example to '%s'."
              .formatted(alias.replaceAll("[^A-Za-z0-9_-]", "-")),
          null);
    }
  }

  private ChannelLayerBackend backendFor(String alias, String name) {
    ChannelLayerBackend backend = backends.get(name);
    if (backend != null) {
      return backend;
    }
    String property = "channels.layers.%s.backend".formatted(alias);
    String module = MODULES.get(name);
    if (module != null) {
      throw new InvalidChannelLayerConfigurationException(
          property,
          "%s is '%s', but that backend's module is not on the classpath."
              .formatted(property, name),
          "Add the dependency %s, or set %s to one of: %s."
              .formatted(module, property, String.join(", ", backends.keySet())),
          null);
    }
    throw new InvalidChannelLayerConfigurationException(
        property,
        "%s is '%s', which is not a channel layer backend.".formatted(property, name),
        "Set %s to one of: %s.".formatted(property, String.join(", ", backends.keySet())),
        null);
  }
}
