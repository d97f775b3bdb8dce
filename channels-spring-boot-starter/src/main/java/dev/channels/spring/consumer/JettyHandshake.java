package dev.channels.spring.consumer;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.server.HandshakeHandler;
import org.springframework.web.socket.server.jetty.JettyRequestUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * The handshake of consumers served by Jetty. Spring's Jetty support takes messages whole, not in
 * parts, so Jetty's own size limits (64 KiB) would close a client before the starter's limits
 * apply: they are set to the starter's. Jetty's idle timeout (30 s) would close a quiet session,
 * and one whose reading the starter paused: it is set beyond the starter's own checks (pings, the
 * inbound stall timeout), which decide when a client is gone. Used only on Jetty.
 */
final class JettyHandshake {

  private static final boolean JETTY_ONLY =
      !present("org.apache.tomcat.websocket.server.WsServerContainer")
          && present("org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer");

  private JettyHandshake() {}

  /** The handshake handler for Jetty, or null to keep Spring's default on other containers. */
  static @Nullable HandshakeHandler forContainer(ConsumerSettings settings) {
    if (!JETTY_ONLY) {
      return null;
    }
    JettyRequestUpgradeStrategy jetty = new JettyRequestUpgradeStrategy();
    Duration checks =
        settings
                    .pingInterval()
                    .plus(settings.pingTimeout())
                    .compareTo(settings.inboundStallTimeout())
                > 0
            ? settings.pingInterval().plus(settings.pingTimeout())
            : settings.inboundStallTimeout();
    jetty.addWebSocketConfigurer(
        configurable -> {
          configurable.setMaxTextMessageSize(settings.maxTextMessageSize());
          configurable.setMaxBinaryMessageSize(settings.maxBinaryMessageSize());
          configurable.setIdleTimeout(checks.multipliedBy(2));
        });
    return new DefaultHandshakeHandler(jetty);
  }

  private static boolean present(String className) {
    return ClassUtils.isPresent(className, JettyHandshake.class.getClassLoader());
  }
}
