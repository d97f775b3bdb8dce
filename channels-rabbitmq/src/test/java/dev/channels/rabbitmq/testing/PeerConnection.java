package dev.channels.rabbitmq.testing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;

/**
 * A plain AMQP 0-9-1 client on the test virtual host, standing in for a Django process on
 * channels_rabbitmq: it declares its queue as channels_rabbitmq does, publishes bare MessagePack
 * bodies without properties, and reads what arrives with its envelope.
 */
public final class PeerConnection implements AutoCloseable {

  private final Connection connection;
  private final Channel channel;

  /** Connects to the test virtual host. */
  public PeerConnection() {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(RabbitBrokers.HOST);
    factory.setPort(RabbitBrokers.PORT);
    factory.setVirtualHost(RabbitBrokers.virtualHost());
    try {
      connection = factory.newConnection("channels_rabbitmq stand-in");
      channel = connection.createChannel();
      channel.confirmSelect();
    } catch (IOException | TimeoutException e) {
      throw new AssertionError("Cannot connect the peer: " + e, e);
    }
  }

  /** The peer's channel, for whatever else a test needs. */
  public Channel channel() {
    return channel;
  }

  /**
   * Declares {@code queue} as channels_rabbitmq declares its own: exclusive, with {@code
   * x-max-length} = {@code capacity}, {@code x-overflow} = reject-publish, {@code x-message-ttl} =
   * 60 s.
   */
  public void declareLikeChannelsRabbitmq(String queue, int capacity) throws IOException {
    channel.queueDeclare(
        queue,
        false,
        true,
        false,
        Map.of("x-max-length", capacity, "x-overflow", "reject-publish", "x-message-ttl", 60_000));
  }

  /** Publishes {@code body} with no properties, as carehare does, and waits for the confirm. */
  public boolean publish(String exchange, String routingKey, byte[] body) throws Exception {
    channel.basicPublish(exchange, routingKey, new AMQP.BasicProperties(), body);
    return channel.waitForConfirms(10_000);
  }

  /** The next message of {@code queue}, waiting up to ten seconds for one. */
  public GetResponse next(String queue) {
    GetResponse[] got = new GetResponse[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              got[0] = channel.basicGet(queue, true);
              return got[0] != null;
            });
    return got[0];
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (IOException | com.rabbitmq.client.AlreadyClosedException e) {
      // Gone already.
    }
  }
}
