package dev.channels.spring.autoconfigure;

import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.util.unit.DataSize;
import org.springframework.web.context.ServletContextAware;

/**
 * Applies {@code channels.websocket.max-*-message-size} to the servlet container's WebSocket
 * defaults before it accepts connections: a client frame over the limit closes its session with
 * 1009 (message too big). Without a real container (a mock web context) there is nothing to set.
 */
final class WebSocketFrameLimits implements ServletContextAware, SmartInitializingSingleton {

  private final DataSize maxText;
  private final DataSize maxBinary;
  private @Nullable ServletContext servletContext;

  WebSocketFrameLimits(DataSize maxText, DataSize maxBinary) {
    this.maxText = maxText;
    this.maxBinary = maxBinary;
  }

  @Override
  public void setServletContext(ServletContext servletContext) {
    this.servletContext = servletContext;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (servletContext != null
        && servletContext.getAttribute(ServerContainer.class.getName())
            instanceof ServerContainer container) {
      container.setDefaultMaxTextMessageBufferSize((int) maxText.toBytes());
      container.setDefaultMaxBinaryMessageBufferSize((int) maxBinary.toBytes());
    }
  }
}
