package dev.channels;

import java.util.Map;

/**
 * What a layer holds at one moment, for monitoring: each group with its member count, and each
 * channel in use with its unread messages.
 *
 * @param groups member counts by group name
 * @param channels unread message counts by channel name; a channel that only has waiting receivers
 *     shows 0
 */
public record LayerSnapshot(Map<String, Integer> groups, Map<String, Integer> channels) {

  /** Copies the maps, so the snapshot does not change afterwards. */
  public LayerSnapshot {
    groups = Map.copyOf(groups);
    channels = Map.copyOf(channels);
  }
}
