package dev.channels.spring;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every configured channel layer by alias, like Django's {@code channel_layers}. The layer under
 * "default" is also the {@link ChannelLayer} bean.
 */
public final class ChannelLayers implements AutoCloseable {

  private final Map<String, ChannelLayer> layers;
  private final List<ChannelLayer> owned;

  /** A registry of {@code layers}; closing it closes none of them. */
  public ChannelLayers(Map<String, ChannelLayer> layers) {
    this(layers, List.of());
  }

  /** A registry of {@code layers} that closes the {@code owned} ones when it closes. */
  public ChannelLayers(Map<String, ChannelLayer> layers, List<ChannelLayer> owned) {
    this.layers = Collections.unmodifiableMap(new LinkedHashMap<>(layers));
    this.owned = List.copyOf(owned);
  }

  /**
   * The layer configured under {@code alias}.
   *
   * @throws ChannelLayerException naming the configured aliases if there is no such layer
   */
  public ChannelLayer get(String alias) {
    ChannelLayer layer = layers.get(alias);
    if (layer == null) {
      throw new ChannelLayerException(
          "No channel layer is configured under '%s'; the aliases are %s. Configure it under channels.layers.%s."
              .formatted(alias, layers.keySet(), alias));
    }
    return layer;
  }

  /** The aliases, "default" first. */
  public Set<String> aliases() {
    return layers.keySet();
  }

  /** All layers by alias. */
  public Map<String, ChannelLayer> asMap() {
    return layers;
  }

  @Override
  public void close() {
    owned.forEach(ChannelLayer::close);
  }
}
