package dev.channels.rabbitmq;

import dev.channels.InvalidSettingsException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the RabbitMQ layer needs beyond the shared settings: the {@code virtual-host} (else the
 * connection's own), the {@code groups-exchange} (channels_rabbitmq's name and default, "groups"),
 * the {@code queue-prefix} of normal channels' queues (empty: a normal channel "jobs" is the queue
 * "jobs") and {@code queue-expires}, how long the layer's queues outlive their last use. Immutable;
 * validated when built.
 */
public final class RabbitLayerOptions {

  /** channels_rabbitmq's exchange for groups. */
  public static final String DEFAULT_GROUPS_EXCHANGE = "groups";

  /** How long a queue lives unused, by default: long enough to ride out a broker restart. */
  public static final Duration DEFAULT_QUEUE_EXPIRES = Duration.ofMinutes(5);

  private final @Nullable String virtualHost;
  private final String groupsExchange;
  private final String queuePrefix;
  private final Duration queueExpires;

  private RabbitLayerOptions(Builder builder) {
    this.virtualHost = builder.virtualHost;
    this.groupsExchange = builder.groupsExchange;
    this.queuePrefix = builder.queuePrefix;
    this.queueExpires = builder.queueExpires;
    checkName("groups-exchange", groupsExchange, false, "groups (channels_rabbitmq's)");
    checkName("queue-prefix", queuePrefix, true, "jobs. (or empty, the default)");
    if (queuePrefix.startsWith("amq.")) {
      throw new InvalidSettingsException(
          "queue-prefix",
          "queue-prefix '%s' starts with 'amq.', which RabbitMQ reserves for its own queues; choose another, such as jobs."
              .formatted(queuePrefix));
    }
    if (queueExpires.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new InvalidSettingsException(
          "queue-expires",
          "queue-expires must be at least 1s, but was %s; the default is %s."
              .formatted(queueExpires, DEFAULT_QUEUE_EXPIRES));
    }
  }

  /** A builder with channels_rabbitmq's names and the defaults above. */
  public static Builder builder() {
    return new Builder();
  }

  /** The virtual host, or null for the connection factory's own. */
  public @Nullable String virtualHost() {
    return virtualHost;
  }

  /** The direct exchange groups are routed through. */
  public String groupsExchange() {
    return groupsExchange;
  }

  /** What a normal channel's name is prefixed with to name its queue. */
  public String queuePrefix() {
    return queuePrefix;
  }

  /** How long the layer's queues live without a consumer, a declaration or a read. */
  public Duration queueExpires() {
    return queueExpires;
  }

  @Override
  public String toString() {
    return "RabbitLayerOptions[virtual-host=%s, groups-exchange=%s, queue-prefix=%s, queue-expires=%s]"
        .formatted(virtualHost, groupsExchange, queuePrefix, queueExpires);
  }

  // RabbitMQ takes any name of up to 255 bytes; these stay within what channel names allow, so
  // that names show and type the same everywhere.
  private static void checkName(String option, String name, boolean mayBeEmpty, String example) {
    boolean plain =
        name.chars()
            .allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || "-_.:".indexOf(c) >= 0));
    if ((!mayBeEmpty && name.isEmpty()) || name.length() > 100 || !plain) {
      throw new InvalidSettingsException(
          option,
          "%s '%s' is invalid: it must be %s100 ASCII letters, digits, '-', '_', '.' or ':', such as %s."
              .formatted(option, name, mayBeEmpty ? "up to " : "1 to ", example));
    }
  }

  /** Builds {@link RabbitLayerOptions}. */
  public static final class Builder {

    private @Nullable String virtualHost;
    private String groupsExchange = DEFAULT_GROUPS_EXCHANGE;
    private String queuePrefix = "";
    private Duration queueExpires = DEFAULT_QUEUE_EXPIRES;

    private Builder() {}

    /** Sets the virtual host; null keeps the connection factory's. */
    public Builder virtualHost(@Nullable String virtualHost) {
      this.virtualHost = virtualHost;
      return this;
    }

    /** Sets the exchange groups are routed through; Django peers must use the same. */
    public Builder groupsExchange(String groupsExchange) {
      this.groupsExchange = Objects.requireNonNull(groupsExchange, "groupsExchange");
      return this;
    }

    /** Sets what normal channels' names are prefixed with to name their queues. */
    public Builder queuePrefix(String queuePrefix) {
      this.queuePrefix = Objects.requireNonNull(queuePrefix, "queuePrefix");
      return this;
    }

    /** Sets how long the layer's queues outlive their last use. */
    public Builder queueExpires(Duration queueExpires) {
      this.queueExpires = Objects.requireNonNull(queueExpires, "queueExpires");
      return this;
    }

    /**
     * The options.
     *
     * @throws InvalidSettingsException naming the first option whose value is not valid
     */
    public RabbitLayerOptions build() {
      return new RabbitLayerOptions(this);
    }
  }
}
