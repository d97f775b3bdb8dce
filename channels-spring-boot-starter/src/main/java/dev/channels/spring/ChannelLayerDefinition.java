package dev.channels.spring;

import dev.channels.ChannelLayerSettings;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * What a {@link ChannelLayerBackend} is given to make the layer of one alias: the alias, the
 * settings every backend shares, already validated, and the properties under {@code
 * channels.layers.<alias>} to read its own options from.
 */
public final class ChannelLayerDefinition {

  private final String alias;
  private final ChannelLayerSettings settings;
  private final Binder binder;

  /** The definition of {@code alias}, whose properties {@code binder} reads. */
  public ChannelLayerDefinition(String alias, ChannelLayerSettings settings, Binder binder) {
    this.alias = alias;
    this.settings = settings;
    this.binder = binder;
  }

  /** The alias, such as {@code default}. */
  public String alias() {
    return alias;
  }

  /** Expiry, group expiry, capacity and message size limit, as every backend reads them. */
  public ChannelLayerSettings settings() {
    return settings;
  }

  /**
   * The properties under {@code channels.layers.<alias>} bound onto a new object from {@code
   * defaults}, as {@code @ConfigurationProperties} binds them: kebab-case names, relaxed binding,
   * {@code Duration} and {@code DataSize} conversion. Names the backend does not know are left
   * alone, since the same prefix holds every backend's options.
   */
  public <T> T bind(Class<T> type, Supplier<T> defaults) {
    T target = defaults.get();
    return binder.bind(prefix(), Bindable.ofInstance(target)).orElse(target);
  }

  /** The full key of an option of this alias: {@code channels.layers.<alias>.<name>}. */
  public String property(String name) {
    return prefix() + "." + name;
  }

  private String prefix() {
    return "channels.layers." + alias;
  }

  @Override
  public String toString() {
    return "ChannelLayerDefinition[" + alias + ", " + settings + "]";
  }
}
