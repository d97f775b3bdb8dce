package dev.channels.spring.consumer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ReflectionUtils;

/** One consumer method, with its arguments' resolvers chosen once at startup. */
final class HandlerMethod {

  private final Method method;
  private final List<Function<Event, @Nullable Object>> resolvers;

  private HandlerMethod(Method method, List<Function<Event, @Nullable Object>> resolvers) {
    this.method = method;
    this.resolvers = resolvers;
  }

  static HandlerMethod of(
      Method method, HandlerKind kind, List<String> pathVariables, JsonBinder json) {
    Class<?> returns = method.getReturnType();
    if (returns != void.class && !CompletionStage.class.isAssignableFrom(returns)) {
      throw new ConsumerDefinitionException(
          "%s returns %s; consumer methods return void, or a CompletionStage that the next event waits for."
              .formatted(ArgumentResolvers.describe(method), returns.getSimpleName()));
    }
    List<Function<Event, @Nullable Object>> resolvers = new ArrayList<>();
    for (int i = 0; i < method.getParameterCount(); i++) {
      resolvers.add(ArgumentResolvers.forParameter(method, i, kind, pathVariables, json));
    }
    ReflectionUtils.makeAccessible(method);
    return new HandlerMethod(method, List.copyOf(resolvers));
  }

  /**
   * Calls the method on {@code bean} for {@code event}; a returned stage is passed on.
   *
   * @throws Throwable whatever the method or an argument's binding threw
   */
  @Nullable CompletionStage<?> invoke(Object bean, Event event) throws Throwable {
    Object[] arguments = new Object[resolvers.size()];
    for (int i = 0; i < arguments.length; i++) {
      arguments[i] = resolvers.get(i).apply(event);
    }
    try {
      return method.invoke(bean, arguments) instanceof CompletionStage<?> stage ? stage : null;
    } catch (InvocationTargetException e) {
      throw e.getTargetException();
    }
  }

  String describe() {
    return ArgumentResolvers.describe(method);
  }
}
