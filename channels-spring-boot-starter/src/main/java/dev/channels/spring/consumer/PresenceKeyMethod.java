package dev.channels.spring.consumer;

import dev.channels.spring.PresenceInfo;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ReflectionUtils;

/**
 * Where a connection's presence key and data come from: a consumer's {@code @PresenceKey} method,
 * its arguments resolved as an {@code @OnConnect} method's are, or else the authenticated user.
 */
final class PresenceKeyMethod {

  /** The key is the authenticated user's name; no user, no presence. */
  static final PresenceKeyMethod PRINCIPAL = new PresenceKeyMethod(null, List.of());

  private final @Nullable Method method;
  private final List<Function<Event, @Nullable Object>> resolvers;

  private PresenceKeyMethod(
      @Nullable Method method, List<Function<Event, @Nullable Object>> resolvers) {
    this.method = method;
    this.resolvers = resolvers;
  }

  static PresenceKeyMethod of(Method method, List<String> pathVariables, JsonBinder json) {
    Class<?> returns = method.getReturnType();
    if (returns != String.class && returns != PresenceInfo.class) {
      throw new ConsumerDefinitionException(
          "@PresenceKey %s returns %s; it returns the key as a String, or a PresenceInfo with the key and data."
              .formatted(ArgumentResolvers.describe(method), returns.getSimpleName()));
    }
    List<Function<Event, @Nullable Object>> resolvers = new ArrayList<>();
    for (int i = 0; i < method.getParameterCount(); i++) {
      resolvers.add(
          ArgumentResolvers.forParameter(method, i, HandlerKind.CONNECT, pathVariables, json));
    }
    ReflectionUtils.makeAccessible(method);
    return new PresenceKeyMethod(method, List.copyOf(resolvers));
  }

  /**
   * Who the connection of {@code event} is, or null if it is not to be present.
   *
   * @throws Throwable whatever the method threw
   */
  @Nullable PresenceInfo resolve(Object bean, Event event) throws Throwable {
    if (method == null) {
      Principal user = event.session().principal();
      return user == null ? null : PresenceInfo.of(user.getName());
    }
    Object[] arguments = new Object[resolvers.size()];
    for (int i = 0; i < arguments.length; i++) {
      arguments[i] = resolvers.get(i).apply(event);
    }
    Object result;
    try {
      result = method.invoke(bean, arguments);
    } catch (InvocationTargetException e) {
      throw e.getTargetException();
    }
    return result instanceof String key ? PresenceInfo.of(key) : (PresenceInfo) result;
  }

  String describe() {
    return method == null ? "the authenticated user" : ArgumentResolvers.describe(method);
  }
}
