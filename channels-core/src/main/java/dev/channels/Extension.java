package dev.channels;

/** Optional parts of the channel layer specification a layer may provide. */
public enum Extension {
  /** {@code groupAdd}, {@code groupDiscard} and {@code groupSend}. */
  GROUPS,
  /** {@code flush}, which empties the layer; meant for tests and development. */
  FLUSH,
  /**
   * Who is in a group, across every instance: {@code groupSize} and {@code groupChannels} (the
   * group's live members), presence entries with their data ({@code presenceJoin}, {@code
   * presenceLeave}, {@code presence}) and the {@code presence.join} and {@code presence.leave}
   * events a channel subscribes to with {@code presenceSubscribe}. See docs/presence.md.
   */
  PRESENCE,
  /** {@code groupSend(group, message, excluded)}: a group send that skips given channels. */
  GROUP_SEND_EXCLUDING
}
