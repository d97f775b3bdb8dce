package dev.channels.spring.consumer;

import java.util.Map;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Carries the path variables of the handshake request into the WebSocket session. Spring matches
 * {@code /ws/chat/{room}/} and leaves the values on the request; this keeps them.
 */
final class PathVariables implements HandshakeInterceptor {

  private static final String ATTRIBUTE = PathVariables.class.getName();

  static Map<String, String> of(WebSocketSession session) {
    @SuppressWarnings("unchecked")
    Map<String, String> variables = (Map<String, String>) session.getAttributes().get(ATTRIBUTE);
    return variables != null ? variables : Map.of();
  }

  /** Stores {@code variables} where {@link #of} finds them. */
  static void store(Map<String, Object> attributes, Map<String, String> variables) {
    attributes.put(ATTRIBUTE, Map.copyOf(variables));
  }

  @Override
  public boolean beforeHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler handler,
      Map<String, Object> attributes) {
    if (request instanceof ServletServerHttpRequest servlet
        && servlet.getServletRequest().getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE)
            instanceof Map<?, ?> variables) {
      @SuppressWarnings("unchecked")
      Map<String, String> found = (Map<String, String>) variables;
      store(attributes, found);
    }
    return true;
  }

  @Override
  public void afterHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler handler,
      @org.jspecify.annotations.Nullable Exception exception) {}
}
