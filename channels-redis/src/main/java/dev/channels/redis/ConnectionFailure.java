package dev.channels.redis;

import io.lettuce.core.event.EventBus;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import reactor.core.Disposable;

/**
 * Why one Redis host could last not be reached, said so a user can act on it ("Connection refused",
 * "WRONGPASS invalid username-password pair"), for health reports and warnings. Fed by the shard's
 * own connection attempts and by Lettuce's reconnect attempts to that host. The host's passwords,
 * and anything like credentials in a URL, are masked.
 */
final class ConnectionFailure implements AutoCloseable {

  private static final String CUT_SHORT = "Connection closed prematurely";

  private final List<String> secrets = new ArrayList<>();
  private final Disposable reconnects;
  private volatile @Nullable String last;

  ConnectionFailure(LettuceConnectionFactory factory, EventBus events) {
    String password = factory.getPassword();
    if (password != null && !password.isEmpty()) {
      secrets.add(password);
    }
    RedisSentinelConfiguration sentinel = factory.getSentinelConfiguration();
    if (sentinel != null) {
      sentinel.getSentinelPassword().toOptional().map(String::new).ifPresent(secrets::add);
    }
    Predicate<SocketAddress> thisHost = host(factory);
    this.reconnects =
        events
            .get()
            .ofType(ReconnectFailedEvent.class)
            .filter(event -> thisHost.test(event.remoteAddress()))
            .subscribe(event -> record(event.getCause()));
  }

  // The layer's client resources are its own, shared by its hosts only: a Sentinel layer has one
  // host, so every event is its; otherwise the address tells the hosts apart.
  private static Predicate<SocketAddress> host(LettuceConnectionFactory factory) {
    if (factory.getSentinelConfiguration() != null) {
      return address -> true;
    }
    if (factory.getSocketConfiguration() != null) {
      String path = factory.getSocketConfiguration().getSocket();
      return address -> String.valueOf(address).contains(path);
    }
    String host = factory.getHostName();
    int port = factory.getPort();
    return address ->
        address instanceof InetSocketAddress inet
            && inet.getPort() == port
            && (host.equals(inet.getHostString())
                || (inet.getAddress() != null && host.equals(inet.getAddress().getHostAddress())));
  }

  // Lettuce sometimes reports a login Redis refused (WRONGPASS) as the connection closing during
  // the handshake instead, about one time in thirty: that says less than what came before.
  void record(Throwable failure) {
    String text = describe(failure);
    if (!(text.equals(CUT_SHORT) && last != null)) {
      last = text;
    }
  }

  /** The last failure, or null if connecting never failed. */
  @Nullable String last() {
    return last;
  }

  /** Whether the last failure is only that the connection closed during the handshake. */
  boolean cutShort() {
    return CUT_SHORT.equals(last);
  }

  // The innermost cause says what went wrong; the outer ones mostly that connecting failed.
  private String describe(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    String text =
        message == null || message.isBlank() ? cause.getClass().getSimpleName() : message.strip();
    for (String secret : secrets) {
      text = text.replace(secret, "***");
    }
    return text.replaceAll("//[^@/\\s]*@", "//***@");
  }

  @Override
  public void close() {
    reconnects.dispose();
  }
}
