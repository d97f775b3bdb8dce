package dev.channels.layer.memory;

import dev.channels.Page;
import dev.channels.Presence;
import dev.channels.spi.Cursors;
import dev.channels.spi.PresenceEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Presence entries by group, each group's sorted by key and then channel, so that a page of keys is
 * a range. One lock for all: presence changes with connections, not with every message.
 */
final class PresenceRegistry {

  // Sorts a key's entries together and before every longer key that starts with it.
  private static final char SEPARATOR = '\0';

  private final Map<String, NavigableMap<String, PresenceEntry>> byGroup = new HashMap<>();
  // Each group's channels with their sort keys, to find a channel's entry without a scan.
  private final Map<String, Map<String, String>> channels = new HashMap<>();

  /** Records {@code entry}; true if its channel was not present in {@code group} before. */
  synchronized boolean join(String group, PresenceEntry entry) {
    PresenceEntry replaced = remove(group, entry.channel());
    String sortKey = entry.key() + SEPARATOR + entry.channel();
    byGroup.computeIfAbsent(group, name -> new TreeMap<>()).put(sortKey, entry);
    channels.computeIfAbsent(group, name -> new HashMap<>()).put(entry.channel(), sortKey);
    return replaced == null;
  }

  /** Removes {@code channel}'s entry from {@code group}; the entry, or null if it had none. */
  synchronized @Nullable PresenceEntry leave(String group, String channel) {
    return remove(group, channel);
  }

  /** Up to {@code size} keys of {@code group} after the key the cursor {@code after} names. */
  synchronized Page<Presence> page(String group, @Nullable String after, int size) {
    NavigableMap<String, PresenceEntry> entries = byGroup.getOrDefault(group, new TreeMap<>());
    NavigableMap<String, PresenceEntry> rest =
        after == null
            ? entries
            : entries.tailMap(Cursors.parts(after, 1)[0] + (char) (SEPARATOR + 1), true);
    List<PresenceEntry> taken = new ArrayList<>();
    int keys = 0;
    String lastKey = null;
    for (PresenceEntry entry : rest.values()) {
      if (!entry.key().equals(lastKey)) {
        if (keys == size) {
          return new Page<>(PresenceEntry.group(taken), Cursors.of(lastKey));
        }
        keys++;
        lastKey = entry.key();
      }
      taken.add(entry);
    }
    return new Page<>(PresenceEntry.group(taken), null);
  }

  synchronized void clear() {
    byGroup.clear();
    channels.clear();
  }

  private @Nullable PresenceEntry remove(String group, String channel) {
    Map<String, String> present = channels.get(group);
    String sortKey = present == null ? null : present.remove(channel);
    if (sortKey == null) {
      return null;
    }
    NavigableMap<String, PresenceEntry> entries = byGroup.get(group);
    PresenceEntry removed = entries.remove(sortKey);
    if (entries.isEmpty()) {
      byGroup.remove(group);
      channels.remove(group);
    }
    return removed;
  }
}
