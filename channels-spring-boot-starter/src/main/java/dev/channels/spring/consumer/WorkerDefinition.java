package dev.channels.spring.consumer;

import dev.channels.spring.ChannelHandler;
import dev.channels.spring.ChannelWorker;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.socket.WebSocketSession;

/**
 * A {@code @ChannelWorker} class read once at startup: the channels it works, how many messages of
 * each it handles at once, and its handler methods by message type. A worker's handlers take the
 * message, or a type bound from it: there is no session to take.
 */
final class WorkerDefinition {

  private static final Set<Class<?>> SESSION_TYPES =
      Set.of(dev.channels.spring.ConsumerSession.class, WebSocketSession.class, Principal.class);

  final String beanName;
  final Class<?> type;
  final List<String> channels;
  final String layerAlias;
  final int concurrency;
  private final Map<String, HandlerMethod> byMessageType = new LinkedHashMap<>();

  private WorkerDefinition(String beanName, Class<?> type, ChannelWorker annotation) {
    this.beanName = beanName;
    this.type = type;
    this.channels = List.of(annotation.channels());
    this.layerAlias = annotation.layer();
    this.concurrency = annotation.concurrency();
  }

  static WorkerDefinition of(String beanName, Class<?> type, JsonBinder json) {
    ChannelWorker annotation =
        AnnotatedElementUtils.findMergedAnnotation(type, ChannelWorker.class);
    if (annotation == null || annotation.channels().length == 0) {
      throw new ConsumerDefinitionException(
          "@ChannelWorker %s names no channel; give it one, as in @ChannelWorker(\"thumbnails\")."
              .formatted(type.getName()));
    }
    WorkerDefinition definition = new WorkerDefinition(beanName, type, annotation);
    definition.checkChannels();
    ReflectionUtils.doWithMethods(
        type, method -> definition.register(method, json), ReflectionUtils.USER_DECLARED_METHODS);
    if (definition.byMessageType.isEmpty()) {
      throw new ConsumerDefinitionException(
          "@ChannelWorker %s has no @ChannelHandler method; add one for each message type its channels carry."
              .formatted(type.getSimpleName()));
    }
    return definition;
  }

  @Nullable HandlerMethod forMessageType(String messageType) {
    return byMessageType.get(messageType);
  }

  Set<String> messageTypes() {
    return byMessageType.keySet();
  }

  // Workers take messages from normal channels, which several processes share; a process-local
  // name belongs to one process, and Django's runworker refuses one too.
  private void checkChannels() {
    if (concurrency < 1) {
      throw new ConsumerDefinitionException(
          "@ChannelWorker %s has concurrency %d; it must be at least 1."
              .formatted(type.getSimpleName(), concurrency));
    }
    for (String channel : channels) {
      dev.channels.spi.Names.requireValidChannel(channel);
      if (channel.indexOf('!') >= 0 || channel.indexOf('?') >= 0) {
        throw new ConsumerDefinitionException(
            "@ChannelWorker %s works channel '%s', which is process-local; workers take normal channels, such as 'thumbnails', which every instance shares."
                .formatted(type.getSimpleName(), channel));
      }
    }
  }

  private void register(Method method, JsonBinder json) {
    if (!ArgumentResolvers.isHandler(method, HandlerKind.MESSAGE)) {
      return;
    }
    for (int i = 0; i < method.getParameterCount(); i++) {
      Class<?> parameter = method.getParameterTypes()[i];
      if (SESSION_TYPES.contains(parameter)
          || method.getParameters()[i].isAnnotationPresent(PathVariable.class)) {
        throw new ConsumerDefinitionException(
            "%s takes %s, but a worker's messages come from no WebSocket session: take the Message, or a type to bind its fields into, and inject what else it needs into %s."
                .formatted(
                    ArgumentResolvers.describe(method),
                    parameter.getSimpleName(),
                    type.getSimpleName()));
      }
    }
    HandlerMethod handler = HandlerMethod.of(method, HandlerKind.MESSAGE, List.of(), json);
    ChannelHandler annotation =
        AnnotatedElementUtils.findMergedAnnotation(method, ChannelHandler.class);
    for (String messageType : annotation.value()) {
      HandlerMethod existing = byMessageType.putIfAbsent(messageType, handler);
      if (existing != null) {
        throw new ConsumerDefinitionException(
            "%s has two @ChannelHandler(\"%s\") methods, %s and %s; keep one."
                .formatted(
                    type.getSimpleName(), messageType, existing.describe(), handler.describe()));
      }
    }
  }
}
