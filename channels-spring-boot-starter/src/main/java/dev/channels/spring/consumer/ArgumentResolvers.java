package dev.channels.spring.consumer;

import dev.channels.Message;
import dev.channels.spring.ConsumerSession;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.SynthesizingMethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.JavaType;

/**
 * Chooses, once per parameter at startup, how a handler method's argument is produced for an {@link
 * Event}: by the parameter's type, or by {@code @PathVariable} or {@code @RequestParam} (the
 * connection URL's query); any other type is bound from the message's fields (channel handlers) or
 * parsed from the frame's JSON (text handlers).
 */
final class ArgumentResolvers {

  private static final DefaultParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

  private ArgumentResolvers() {}

  static Function<Event, @Nullable Object> forParameter(
      Method method, int index, HandlerKind kind, List<String> pathVariables, JsonBinder json) {
    // Synthesizing resolves @AliasFor, so @PathVariable("room") reads as name = "room".
    MethodParameter parameter = new SynthesizingMethodParameter(method, index);
    parameter.initParameterNameDiscovery(NAMES);
    Class<?> type = parameter.getParameterType();
    PathVariable pathVariable = parameter.getParameterAnnotation(PathVariable.class);
    if (pathVariable != null) {
      return pathVariable(parameter, pathVariable, pathVariables);
    }
    RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
    if (requestParam != null) {
      return QueryParameters.resolver(parameter, requestParam);
    }
    if (type == ConsumerSession.class) {
      return Event::session;
    }
    if (type == WebSocketSession.class) {
      return event -> event.session().webSocketSession();
    }
    if (type == Principal.class) {
      return event -> event.session().principal();
    }
    return switch (kind) {
      case MESSAGE -> type == Message.class ? Event::message : bindMessage(parameter, json);
      case TEXT -> type == String.class ? Event::text : parseText(parameter, json);
      case BINARY -> binary(parameter);
      case DISCONNECT -> requireType(parameter, kind, CloseStatus.class, Event::closeStatus);
      case CONNECT -> throw unresolvable(parameter, kind);
    };
  }

  private static Function<Event, @Nullable Object> pathVariable(
      MethodParameter parameter, PathVariable annotation, List<String> pathVariables) {
    String name = annotation.name().isEmpty() ? parameter.getParameterName() : annotation.name();
    if (name == null) {
      throw new ConsumerDefinitionException(
          "Cannot tell which path variable parameter %d of %s wants: name it, as in @PathVariable(\"room\"), or compile with -parameters."
              .formatted(parameter.getParameterIndex(), describe(parameter.getMethod())));
    }
    if (!pathVariables.contains(name)) {
      throw new ConsumerDefinitionException(
          "%s asks for path variable '%s', but its consumer's paths declare only %s."
              .formatted(describe(parameter.getMethod()), name, pathVariables));
    }
    return event -> event.session().pathVariable(name);
  }

  private static Function<Event, @Nullable Object> bindMessage(
      MethodParameter parameter, JsonBinder json) {
    JavaType type =
        json.requireBindable(
            json.typeOf(parameter), describe(parameter.getMethod()), "a channel message's fields");
    BoundMessages bound = new BoundMessages(json, type);
    return event -> bound.bind(event.message());
  }

  private static Function<Event, @Nullable Object> parseText(
      MethodParameter parameter, JsonBinder json) {
    JavaType target =
        json.requireBindable(
            json.typeOf(parameter), describe(parameter.getMethod()), "a client's JSON text");
    return event -> json.fromText(event.text(), target);
  }

  private static Function<Event, @Nullable Object> binary(MethodParameter parameter) {
    if (parameter.getParameterType() == byte[].class) {
      return Event::bytes;
    }
    if (parameter.getParameterType() == ByteBuffer.class) {
      return event ->
          event.bytes() == null ? null : ByteBuffer.wrap(event.bytes()).asReadOnlyBuffer();
    }
    throw unresolvable(parameter, HandlerKind.BINARY);
  }

  private static Function<Event, @Nullable Object> requireType(
      MethodParameter parameter,
      HandlerKind kind,
      Class<?> expected,
      Function<Event, @Nullable Object> resolver) {
    if (parameter.getParameterType() != expected) {
      throw unresolvable(parameter, kind);
    }
    return resolver;
  }

  private static ConsumerDefinitionException unresolvable(
      MethodParameter parameter, HandlerKind kind) {
    return new ConsumerDefinitionException(
        "Parameter %d (%s) of %s cannot be resolved. %s methods take ConsumerSession, WebSocketSession, Principal, @PathVariable and @RequestParam parameters%s."
            .formatted(
                parameter.getParameterIndex(),
                parameter.getParameterType().getName(),
                describe(parameter.getMethod()),
                kind.label(),
                switch (kind) {
                  case MESSAGE -> ", the Message, or any type to bind the message's fields into";
                  case TEXT -> ", the frame as a String, or any type to parse its JSON into";
                  case BINARY -> ", and the frame as byte[] or ByteBuffer";
                  case DISCONNECT -> ", and the CloseStatus";
                  case CONNECT -> "";
                }));
  }

  static String describe(@Nullable Method method) {
    return method == null
        ? "a consumer method"
        : method.getDeclaringClass().getSimpleName() + "." + method.getName() + "()";
  }

  static boolean isHandler(Method method, HandlerKind kind) {
    return AnnotatedElementUtils.hasAnnotation(method, kind.annotation);
  }
}
