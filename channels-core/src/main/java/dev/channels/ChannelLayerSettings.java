package dev.channels;

import dev.channels.internal.Glob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings every backend shares, with Django Channels' names and defaults: {@code expiry} (60
 * s), {@code group-expiry} (86400 s), {@code capacity} (100), {@code channel-capacity} (glob to
 * capacity, first match wins) and {@code max-message-size} (1 MiB); and for presence, which Django
 * lacks, {@code presence-timeout} (20 s) and {@code presence-heartbeat} (5 s). Immutable; validated
 * when built.
 */
public final class ChannelLayerSettings {

  /** Unread messages expire after this long, by default. */
  public static final Duration DEFAULT_EXPIRY = Duration.ofSeconds(60);

  /** Group memberships expire this long after the last {@code groupAdd}, by default. */
  public static final Duration DEFAULT_GROUP_EXPIRY = Duration.ofSeconds(86_400);

  /** Unread messages a channel holds before sends to it fail, by default. */
  public static final int DEFAULT_CAPACITY = 100;

  /** The largest encoded message, by default: 1 MiB, the specification's minimum. */
  public static final long DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;

  /**
   * Presence entries of an instance that stopped renewing them (killed, or cut off) are gone this
   * long after its last renewal, by default.
   */
  public static final Duration DEFAULT_PRESENCE_TIMEOUT = Duration.ofSeconds(20);

  /** How often an instance renews its presence entries and looks for others' stale ones. */
  public static final Duration DEFAULT_PRESENCE_HEARTBEAT = Duration.ofSeconds(5);

  private static final ChannelLayerSettings DEFAULTS = builder().build();

  private final Duration expiry;
  private final Duration groupExpiry;
  private final int capacity;
  private final Map<String, Integer> channelCapacity;
  private final List<Map.Entry<Glob, Integer>> capacityRules;
  private final long maxMessageSize;
  private final Duration presenceTimeout;
  private final Duration presenceHeartbeat;

  private ChannelLayerSettings(Builder builder) {
    this.expiry = positive("expiry", builder.expiry);
    this.groupExpiry = positive("group-expiry", builder.groupExpiry);
    this.capacity = atLeastOne("capacity", builder.capacity);
    this.channelCapacity =
        Collections.unmodifiableMap(new LinkedHashMap<>(builder.channelCapacity));
    this.capacityRules = compile(channelCapacity);
    this.maxMessageSize = builder.maxMessageSize;
    if (maxMessageSize < 1) {
      throw new InvalidSettingsException(
          "max-message-size",
          "max-message-size must be at least 1 byte, but was %d; the default is %d (1 MiB)."
              .formatted(maxMessageSize, DEFAULT_MAX_MESSAGE_SIZE));
    }
    this.presenceTimeout = positive("presence-timeout", builder.presenceTimeout);
    this.presenceHeartbeat = positive("presence-heartbeat", builder.presenceHeartbeat);
    requireHeartbeatWithinTimeout(presenceHeartbeat, presenceTimeout);
  }

  private static void requireHeartbeatWithinTimeout(Duration heartbeat, Duration timeout) {
    if (heartbeat.multipliedBy(2).compareTo(timeout) > 0) {
      throw new InvalidSettingsException(
          "presence-heartbeat",
          ("presence-heartbeat (%s) must be at most half of presence-timeout (%s), so that one"
                  + " late renewal does not drop an instance's presence; the defaults are %s and %s.")
              .formatted(heartbeat, timeout, DEFAULT_PRESENCE_HEARTBEAT, DEFAULT_PRESENCE_TIMEOUT));
    }
  }

  /** The defaults. */
  public static ChannelLayerSettings defaults() {
    return DEFAULTS;
  }

  /** A builder that starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these settings. */
  public Builder toBuilder() {
    return new Builder()
        .expiry(expiry)
        .groupExpiry(groupExpiry)
        .capacity(capacity)
        .channelCapacity(channelCapacity)
        .maxMessageSize(maxMessageSize)
        .presenceTimeout(presenceTimeout)
        .presenceHeartbeat(presenceHeartbeat);
  }

  /** How long an unread message lives. */
  public Duration expiry() {
    return expiry;
  }

  /** How long a group membership lives after its last {@code groupAdd}. */
  public Duration groupExpiry() {
    return groupExpiry;
  }

  /** The capacity of channels no {@link #channelCapacity()} pattern matches. */
  public int capacity() {
    return capacity;
  }

  /** Capacity by channel-name glob, in the order they are tried. */
  public Map<String, Integer> channelCapacity() {
    return channelCapacity;
  }

  /** The largest encoded message, in bytes. */
  public long maxMessageSize() {
    return maxMessageSize;
  }

  /**
   * How long after an instance's last renewal its presence entries are gone: the longest a killed
   * instance's connections stay listed.
   */
  public Duration presenceTimeout() {
    return presenceTimeout;
  }

  /** How often an instance renews its presence entries and removes others' stale ones. */
  public Duration presenceHeartbeat() {
    return presenceHeartbeat;
  }

  /** The capacity of {@code channel}: the first matching glob's, else {@link #capacity()}. */
  public int capacityOf(String channel) {
    for (Map.Entry<Glob, Integer> rule : capacityRules) {
      if (rule.getKey().matches(channel)) {
        return rule.getValue();
      }
    }
    return capacity;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChannelLayerSettings that
        && expiry.equals(that.expiry)
        && groupExpiry.equals(that.groupExpiry)
        && capacity == that.capacity
        && channelCapacity.equals(that.channelCapacity)
        && maxMessageSize == that.maxMessageSize
        && presenceTimeout.equals(that.presenceTimeout)
        && presenceHeartbeat.equals(that.presenceHeartbeat);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        expiry,
        groupExpiry,
        capacity,
        channelCapacity,
        maxMessageSize,
        presenceTimeout,
        presenceHeartbeat);
  }

  @Override
  public String toString() {
    return "ChannelLayerSettings[expiry=%s, group-expiry=%s, capacity=%d, channel-capacity=%s, max-message-size=%d, presence-timeout=%s, presence-heartbeat=%s]"
        .formatted(
            expiry,
            groupExpiry,
            capacity,
            channelCapacity,
            maxMessageSize,
            presenceTimeout,
            presenceHeartbeat);
  }

  private static Duration positive(String setting, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new InvalidSettingsException(
          setting,
          "%s must be a positive duration, such as 60s, but was %s.".formatted(setting, value));
    }
    return value;
  }

  private static int atLeastOne(String setting, int value) {
    if (value < 1) {
      throw new InvalidSettingsException(
          setting,
          "%s must be at least 1, but was %d; the default is %d."
              .formatted(setting, value, DEFAULT_CAPACITY));
    }
    return value;
  }

  private static List<Map.Entry<Glob, Integer>> compile(Map<String, Integer> channelCapacity) {
    List<Map.Entry<Glob, Integer>> rules = new ArrayList<>();
    channelCapacity.forEach(
        (pattern, value) -> {
          if (pattern.isEmpty()) {
            throw new InvalidSettingsException(
                "channel-capacity",
                "channel-capacity has an empty pattern; use a glob such as 'websocket.send*'.");
          }
          atLeastOne("channel-capacity[" + pattern + "]", value);
          rules.add(Map.entry(glob(pattern), value));
        });
    return List.copyOf(rules);
  }

  // Every pattern Python's fnmatch accepts compiles; anything else is still a settings problem.
  private static Glob glob(String pattern) {
    try {
      return Glob.compile(pattern);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingsException(
          "channel-capacity",
          "channel-capacity has the pattern '%s', which cannot be used: %s. Write it as a Python fnmatch glob: * for any run of characters, ? for one, [seq] or [!seq] for one in or outside seq, with ranges from low to high such as [a-z]."
              .formatted(pattern, e.getMessage()));
    }
  }

  /** Builds {@link ChannelLayerSettings}; every value starts at its default. */
  public static final class Builder {

    private Duration expiry = DEFAULT_EXPIRY;
    private Duration groupExpiry = DEFAULT_GROUP_EXPIRY;
    private int capacity = DEFAULT_CAPACITY;
    private final Map<String, Integer> channelCapacity = new LinkedHashMap<>();
    private long maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
    private Duration presenceTimeout = DEFAULT_PRESENCE_TIMEOUT;
    private Duration presenceHeartbeat = DEFAULT_PRESENCE_HEARTBEAT;

    private Builder() {}

    /** Sets how long an unread message lives. */
    public Builder expiry(Duration expiry) {
      this.expiry = Objects.requireNonNull(expiry, "expiry");
      return this;
    }

    /** Sets how long a group membership lives after its last {@code groupAdd}. */
    public Builder groupExpiry(Duration groupExpiry) {
      this.groupExpiry = Objects.requireNonNull(groupExpiry, "groupExpiry");
      return this;
    }

    /** Sets the capacity of channels no channel-capacity pattern matches. */
    public Builder capacity(int capacity) {
      this.capacity = capacity;
      return this;
    }

    /** Replaces the capacity rules: glob to capacity, tried in the map's order. */
    public Builder channelCapacity(Map<String, Integer> channelCapacity) {
      this.channelCapacity.clear();
      this.channelCapacity.putAll(channelCapacity);
      return this;
    }

    /** Adds one capacity rule after the existing ones. */
    public Builder channelCapacity(String glob, int capacity) {
      this.channelCapacity.put(glob, capacity);
      return this;
    }

    /** Sets the largest encoded message, in bytes. */
    public Builder maxMessageSize(long bytes) {
      this.maxMessageSize = bytes;
      return this;
    }

    /** Sets how long after an instance's last renewal its presence entries are gone. */
    public Builder presenceTimeout(Duration presenceTimeout) {
      this.presenceTimeout = Objects.requireNonNull(presenceTimeout, "presenceTimeout");
      return this;
    }

    /** Sets how often an instance renews its presence entries; at most half the timeout. */
    public Builder presenceHeartbeat(Duration presenceHeartbeat) {
      this.presenceHeartbeat = Objects.requireNonNull(presenceHeartbeat, "presenceHeartbeat");
      return this;
    }

    /**
     * The settings.
     *
     * @throws InvalidSettingsException naming the first setting whose value is not valid
     */
    public ChannelLayerSettings build() {
      return new ChannelLayerSettings(this);
    }
  }
}
