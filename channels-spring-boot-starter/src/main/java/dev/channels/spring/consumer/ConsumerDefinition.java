package dev.channels.spring.consumer;

import dev.channels.InvalidNameException;
import dev.channels.spi.Names;
import dev.channels.spring.ChannelConsumer;
import dev.channels.spring.ChannelHandler;
import dev.channels.spring.PresenceKey;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * A {@code @ChannelConsumer} class read once at startup: its paths and their variables, the groups
 * every connection joins, and its handler methods, lifecycle ones by kind and channel handlers by
 * message type.
 */
final class ConsumerDefinition {

  private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}:]+)(?::[^}]*)?}");

  final String beanName;
  final Class<?> type;
  final List<String> paths;
  final String layerAlias;
  private final List<String> groupTemplates;
  private List<String> presenceTemplates;
  private final List<String> pathVariables;
  private PresenceKeyMethod presenceKey = PresenceKeyMethod.PRINCIPAL;
  private boolean presenceKeyDeclared;
  private final Map<HandlerKind, HandlerMethod> lifecycle = new EnumMap<>(HandlerKind.class);
  private final Map<String, HandlerMethod> byMessageType = new LinkedHashMap<>();

  private ConsumerDefinition(String beanName, Class<?> type, ChannelConsumer annotation) {
    this.beanName = beanName;
    this.type = type;
    this.paths = List.of(annotation.path());
    this.layerAlias = annotation.layer();
    this.groupTemplates = List.of(annotation.groups());
    this.presenceTemplates = List.of(annotation.presence());
    this.pathVariables = variablesOf(paths);
  }

  static ConsumerDefinition of(String beanName, Class<?> type, JsonBinder json) {
    ChannelConsumer annotation =
        AnnotatedElementUtils.findMergedAnnotation(type, ChannelConsumer.class);
    if (annotation == null || annotation.path().length == 0) {
      throw new ConsumerDefinitionException(
          "@ChannelConsumer %s declares no path; give it one, as in @ChannelConsumer(\"/ws/chat/{room}/\")."
              .formatted(type.getName()));
    }
    ConsumerDefinition definition = new ConsumerDefinition(beanName, type, annotation);
    definition.checkGroupTemplates(definition.groupTemplates, "joins group");
    definition.checkGroupTemplates(definition.presenceTemplates, "is present in group");
    ReflectionUtils.doWithMethods(
        type, method -> definition.register(method, json), ReflectionUtils.USER_DECLARED_METHODS);
    definition.checkPresenceKey();
    return definition;
  }

  @Nullable HandlerMethod lifecycle(HandlerKind kind) {
    return lifecycle.get(kind);
  }

  @Nullable HandlerMethod forMessageType(String messageType) {
    return byMessageType.get(messageType);
  }

  Set<String> messageTypes() {
    return byMessageType.keySet();
  }

  /**
   * The groups a connection with {@code variables} joins on connect.
   *
   * @throws IllegalStateException if a variable of a group is missing, which the check at startup
   *     that every path declares it rules out for a connection that matched a path
   */
  List<String> groupsFor(Map<String, String> variables) {
    return namesFor(groupTemplates, variables);
  }

  /** The groups a connection with {@code variables} is present in; see {@link #groupsFor}. */
  List<String> presenceGroupsFor(Map<String, String> variables) {
    return namesFor(presenceTemplates, variables);
  }

  /** Whether connections of this consumer are present in any group. */
  boolean declaresPresence() {
    return !presenceTemplates.isEmpty();
  }

  /** Drops the declared presence, for a layer that has none. */
  void withoutPresence() {
    presenceTemplates = List.of();
  }

  /** Where the presence key and data of a connection come from. */
  PresenceKeyMethod presenceKey() {
    return presenceKey;
  }

  /** Whether connections receive their presence groups' events: a handler takes one. */
  boolean subscribesToPresence() {
    return byMessageType.containsKey(dev.channels.spi.PresenceEvents.JOIN)
        || byMessageType.containsKey(dev.channels.spi.PresenceEvents.LEAVE);
  }

  private List<String> namesFor(List<String> templates, Map<String, String> variables) {
    List<String> groups = new ArrayList<>();
    for (String template : templates) {
      Matcher matcher = VARIABLE.matcher(template);
      StringBuilder group = new StringBuilder();
      while (matcher.find()) {
        String value = variables.get(matcher.group(1));
        if (value == null) {
          throw new IllegalStateException(
              "Group '%s' of %s needs path variable '%s'; the connection has %s."
                  .formatted(template, type.getSimpleName(), matcher.group(1), variables.keySet()));
        }
        matcher.appendReplacement(group, Matcher.quoteReplacement(value));
      }
      matcher.appendTail(group);
      groups.add(group.toString());
    }
    return groups;
  }

  private void register(Method method, JsonBinder json) {
    if (AnnotatedElementUtils.hasAnnotation(method, PresenceKey.class)) {
      if (presenceKeyDeclared) {
        throw new ConsumerDefinitionException(
            "%s has two @PresenceKey methods, %s and %s; keep one."
                .formatted(
                    type.getSimpleName(),
                    presenceKey.describe(),
                    ArgumentResolvers.describe(method)));
      }
      presenceKey = PresenceKeyMethod.of(method, pathVariables, json);
      presenceKeyDeclared = true;
    }
    for (HandlerKind kind : HandlerKind.values()) {
      if (!ArgumentResolvers.isHandler(method, kind)) {
        continue;
      }
      HandlerMethod handler = HandlerMethod.of(method, kind, pathVariables, json);
      if (kind == HandlerKind.MESSAGE) {
        ChannelHandler annotation =
            AnnotatedElementUtils.findMergedAnnotation(method, ChannelHandler.class);
        for (String messageType : annotation.value()) {
          putOnce(byMessageType, messageType, handler, "@ChannelHandler(\"" + messageType + "\")");
        }
      } else {
        putOnce(lifecycle, kind, handler, kind.label());
      }
    }
  }

  private <K> void putOnce(
      Map<K, HandlerMethod> handlers, K key, HandlerMethod handler, String what) {
    HandlerMethod existing = handlers.putIfAbsent(key, handler);
    if (existing != null) {
      throw new ConsumerDefinitionException(
          "%s has two %s methods, %s and %s; keep one."
              .formatted(type.getSimpleName(), what, existing.describe(), handler.describe()));
    }
  }

  // A group is named from the path a connection matched, so every path must supply every variable
  // the groups use; a path without one would name a group with a hole in it. The literal part of a
  // name must be one the layer takes, or every connection would be refused.
  private void checkGroupTemplates(List<String> templates, String verb) {
    for (String template : templates) {
      checkLiteralPart(template, verb);
      Matcher matcher = VARIABLE.matcher(template);
      while (matcher.find()) {
        String variable = matcher.group(1);
        for (String path : paths) {
          if (!variablesOf(List.of(path)).contains(variable)) {
            throw new ConsumerDefinitionException(
                "@ChannelConsumer %s %s '%s', but its path '%s' has no variable '%s'."
                    .formatted(type.getSimpleName(), verb, template, path, variable),
                "Declare {%s} in every path of %s, or take it out of the group's name."
                    .formatted(variable, type.getSimpleName()));
          }
        }
      }
    }
  }

  // A @PresenceKey method says who a connection is in its presence groups: without any, it is
  // never called, which is a mistake worth stopping for.
  private void checkPresenceKey() {
    if (presenceKeyDeclared && presenceTemplates.isEmpty()) {
      throw new ConsumerDefinitionException(
          "%s has the @PresenceKey method %s, but its @ChannelConsumer declares no presence groups."
              .formatted(type.getSimpleName(), presenceKey.describe()),
          "Name the groups its connections are present in, as in @ChannelConsumer(presence = \"chat_{room}\"), or remove @PresenceKey.");
    }
  }

  private void checkLiteralPart(String template, String verb) {
    try {
      Names.requireValidGroup(VARIABLE.matcher(template).replaceAll("x"));
    } catch (InvalidNameException e) {
      throw new ConsumerDefinitionException(
          "@ChannelConsumer %s %s '%s', which no connection could join: %s"
              .formatted(type.getSimpleName(), verb, template, e.getMessage()),
          "Name the group with ASCII letters, digits, '-', '_' and '.' around its {variables}, as in chat_{room}.");
    }
  }

  private static List<String> variablesOf(List<String> paths) {
    Set<String> variables = new LinkedHashSet<>();
    for (String path : paths) {
      Matcher matcher = VARIABLE.matcher(path);
      while (matcher.find()) {
        variables.add(matcher.group(1));
      }
    }
    return List.copyOf(variables);
  }
}
