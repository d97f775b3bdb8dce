package dev.channels;

/** Optional parts of the channel layer specification a layer may provide. */
public enum Extension {
  /** {@code groupAdd}, {@code groupDiscard} and {@code groupSend}. */
  GROUPS,
  /** {@code flush}, which empties the layer; meant for tests and development. */
  FLUSH
}
