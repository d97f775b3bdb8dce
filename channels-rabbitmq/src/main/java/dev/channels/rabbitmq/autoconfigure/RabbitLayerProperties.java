package dev.channels.rabbitmq.autoconfigure;

import dev.channels.rabbitmq.RabbitLayerOptions;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The RabbitMQ options of one layer alias, bound from {@code channels.layers.<alias>.rabbitmq.*}
 * beside the options every backend shares. The connection itself (host, credentials, SSL bundle,
 * timeouts) comes from Spring Boot's {@code spring.rabbitmq.*}.
 */
public class RabbitLayerProperties {

  private final Rabbitmq rabbitmq = new Rabbitmq();

  public Rabbitmq getRabbitmq() {
    return rabbitmq;
  }

  /** The options under {@code rabbitmq.}. */
  public static class Rabbitmq {

    /** The virtual host of the layer; empty uses spring.rabbitmq.virtual-host. */
    private @Nullable String virtualHost;

    /** The direct exchange groups are routed through, as channels_rabbitmq's groups_exchange. */
    private String groupsExchange = RabbitLayerOptions.DEFAULT_GROUPS_EXCHANGE;

    /** What a normal channel's name is prefixed with to name its queue. */
    private String queuePrefix = "";

    /** How long the layer's queues live without a consumer, a declaration or a read. */
    private Duration queueExpires = RabbitLayerOptions.DEFAULT_QUEUE_EXPIRES;

    public @Nullable String getVirtualHost() {
      return virtualHost;
    }

    public void setVirtualHost(@Nullable String virtualHost) {
      this.virtualHost = virtualHost;
    }

    public String getGroupsExchange() {
      return groupsExchange;
    }

    public void setGroupsExchange(String groupsExchange) {
      this.groupsExchange = groupsExchange;
    }

    public String getQueuePrefix() {
      return queuePrefix;
    }

    public void setQueuePrefix(String queuePrefix) {
      this.queuePrefix = queuePrefix;
    }

    public Duration getQueueExpires() {
      return queueExpires;
    }

    public void setQueueExpires(Duration queueExpires) {
      this.queueExpires = queueExpires;
    }
  }
}
