package dev.channels.redis.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Describes, for IDEs only, the Redis options under every alias: {@code channels.layers.<alias>.*}
 * is a map of {@link RedisLayerProperties} as well as of the starter's shared options, so that
 * completion works for an alias of any name, not only {@code default}. Never bound: each alias's
 * options are bound when its layer is made.
 */
@ConfigurationProperties("channels")
public class RedisLayersMetadata {

  /** Channel layers by alias; a Redis layer's options, beside the options every backend shares. */
  private Map<String, RedisLayerProperties> layers = new LinkedHashMap<>();

  public Map<String, RedisLayerProperties> getLayers() {
    return layers;
  }

  public void setLayers(Map<String, RedisLayerProperties> layers) {
    this.layers = layers;
  }
}
