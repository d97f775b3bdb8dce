package dev.channels.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.channels.ChannelLayerException;
import java.io.IOException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The channel the layer's worker makes its requests on (declarations, bindings, purges): one at a
 * time, each waiting for its answer, never on the connection's I/O thread. A request the broker
 * refuses closes the channel; the next request opens another, so one refusal costs only itself.
 */
final class Admin {

  /** One request on the admin channel. */
  @FunctionalInterface
  interface Request<T> {
    /** Makes the request on {@code channel}. */
    T on(Channel channel) throws IOException;
  }

  private final Function<@Nullable Throwable, ChannelLayerException> unavailable;
  private volatile @Nullable Connection connection;
  private @Nullable Channel channel;

  Admin(Function<@Nullable Throwable, ChannelLayerException> unavailable) {
    this.unavailable = unavailable;
  }

  /** Makes requests on {@code connection} from now on. */
  synchronized void attach(Connection connection) {
    this.connection = connection;
    this.channel = null;
  }

  /** Whether there is a connection to make requests on. */
  boolean attached() {
    Connection current = connection;
    return current != null && current.isOpen();
  }

  /** Makes no more requests until the next {@link #attach}. */
  synchronized void detach() {
    this.connection = null;
    this.channel = null;
  }

  /**
   * Makes {@code request} and returns its answer.
   *
   * @throws ChannelLayerException if the broker is away, or refused the request (the message says
   *     why)
   */
  synchronized <T> T call(Request<T> request) {
    Connection current = connection;
    if (current == null || !current.isOpen()) {
      throw unavailable.apply(null);
    }
    try {
      Channel open = channel;
      if (open == null || !open.isOpen()) {
        open = current.createChannel();
        if (open == null) {
          throw new IOException("the broker has no channel left for the layer");
        }
        channel = open;
      }
      return request.on(open);
    } catch (IOException | ShutdownSignalException e) {
      throw translate(e);
    }
  }

  private ChannelLayerException translate(Exception failure) {
    ShutdownSignalException signal =
        failure instanceof ShutdownSignalException direct
            ? direct
            : failure.getCause() instanceof ShutdownSignalException wrapped ? wrapped : null;
    if (signal != null && !signal.isHardError()) {
      return new Refused(signal);
    }
    return unavailable.apply(failure);
  }

  /** The broker refused a request, and closed the channel it was made on. */
  static final class Refused extends ChannelLayerException {

    private final int code;

    Refused(ShutdownSignalException signal) {
      super(
          "RabbitMQ refused a request of the layer: %s. If a queue exists with other arguments, every instance on this virtual host must run with the same capacity, channel-capacity, expiry and queue-expires."
              .formatted(BrokerLink.describe(signal)),
          signal);
      this.code =
          signal.getReason() instanceof com.rabbitmq.client.AMQP.Channel.Close close
              ? close.getReplyCode()
              : 0;
    }

    /** Whether the refusal was that something named does not exist (404 NOT_FOUND). */
    boolean notFound() {
      return code == com.rabbitmq.client.AMQP.NOT_FOUND;
    }
  }
}
