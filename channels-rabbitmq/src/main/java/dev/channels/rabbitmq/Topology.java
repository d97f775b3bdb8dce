package dev.channels.rabbitmq;

import com.rabbitmq.client.Channel;
import dev.channels.ChannelLayerSettings;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the layer declares, and with which arguments. The groups exchange is channels_rabbitmq's:
 * direct, not durable, not auto-deleted (RabbitMQ refuses a declaration with other flags). The
 * instance's queue has channels_rabbitmq's arguments ({@code x-max-length} = capacity, {@code
 * x-overflow} = reject-publish, {@code x-message-ttl} = expiry) but is durable with {@code
 * x-expires} rather than exclusive: an exclusive queue dies with its connection, losing what was
 * sent to it, and a transient non-exclusive one is deprecated in RabbitMQ 4; a durable queue with
 * {@code x-expires} is accepted by RabbitMQ 3 and 4 alike, survives a reconnect and a broker
 * restart, and is deleted once no consumer has used it for {@code queue-expires}. A normal
 * channel's queue is declared the same way, with the channel's own capacity. A queue every Spring
 * instance consumes from (and nothing is ever published to) counts the instances for the census.
 */
final class Topology {

  /**
   * The header that carries a message's send time, in epoch milliseconds, on the sender's clock.
   */
  static final String SENT_AT = "channels-sent-at";

  private static final int INSTANCES_EXPIRE_MILLIS = 60_000;

  private final String exchange;
  private final String ownQueue;
  private final ChannelLayerSettings settings;
  private final int queueExpiresMillis;

  Topology(RabbitLayerOptions options, ChannelLayerSettings settings, String ownQueue) {
    this.exchange = options.groupsExchange();
    this.ownQueue = ownQueue;
    this.settings = settings;
    this.queueExpiresMillis = millis(options.queueExpires().toMillis());
  }

  /** The groups exchange. */
  String exchange() {
    return exchange;
  }

  /** The queue every Spring instance of this exchange consumes from, to be counted. */
  String instancesQueue() {
    return "spring-channels.instances." + exchange;
  }

  /** Declares the groups exchange, the instance's queue and the instances queue. */
  void declareOwn(Channel admin) throws IOException {
    admin.exchangeDeclare(exchange, "direct", false, false, null);
    admin.queueDeclare(ownQueue, true, false, false, ownArguments());
    admin.queueBind(ownQueue, exchange, Control.EVERY_INSTANCE);
    admin.queueDeclare(
        instancesQueue(), true, false, false, Map.of("x-expires", INSTANCES_EXPIRE_MILLIS));
  }

  /** The instance queue's arguments: channels_rabbitmq's, and {@code x-expires}. */
  Map<String, Object> ownArguments() {
    return arguments(settings.capacity());
  }

  /** Declares the queue of the normal channel {@code channel}. */
  void declareNormal(Channel admin, String queue, String channel) throws IOException {
    admin.queueDeclare(queue, true, false, false, arguments(settings.capacityOf(channel)));
  }

  private Map<String, Object> arguments(int capacity) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("x-max-length", capacity);
    arguments.put("x-overflow", "reject-publish");
    arguments.put("x-message-ttl", millis(settings.expiry().toMillis()));
    arguments.put("x-expires", queueExpiresMillis);
    return arguments;
  }

  private static int millis(long millis) {
    return (int) Math.min(Integer.MAX_VALUE, millis);
  }
}
