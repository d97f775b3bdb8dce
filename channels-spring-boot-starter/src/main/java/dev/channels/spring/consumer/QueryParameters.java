package dev.channels.spring.consumer;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * {@code @RequestParam} parameters of consumer methods: a value from the query of the URL the
 * client connected to, such as the name in {@code /ws/chat/lobby/?name=Alice}, as a String.
 */
final class QueryParameters {

  private QueryParameters() {}

  static Function<Event, @Nullable Object> resolver(
      MethodParameter parameter, RequestParam annotation) {
    String name = annotation.name().isEmpty() ? parameter.getParameterName() : annotation.name();
    if (name == null || parameter.getParameterType() != String.class) {
      throw new ConsumerDefinitionException(
          "@RequestParam parameter %d of %s must be a String with a name: write @RequestParam(\"name\") String name, or compile with -parameters."
              .formatted(
                  parameter.getParameterIndex(),
                  ArgumentResolvers.describe(parameter.getMethod())));
    }
    String fallback =
        ValueConstants.DEFAULT_NONE.equals(annotation.defaultValue())
            ? null
            : annotation.defaultValue();
    boolean required = annotation.required() && fallback == null;
    return event -> {
      String value = valueOf(event.session().uri(), name);
      if (value != null) {
        return value;
      }
      if (required) {
        throw new IllegalArgumentException(
            "The connection URL %s has no query parameter '%s', which %s requires; pass it, or declare @RequestParam(name = \"%s\", required = false)."
                .formatted(
                    event.session().uri(),
                    name,
                    ArgumentResolvers.describe(parameter.getMethod()),
                    name));
      }
      return fallback;
    };
  }

  private static @Nullable String valueOf(@Nullable URI uri, String name) {
    if (uri == null) {
      return null;
    }
    String raw = UriComponentsBuilder.fromUri(uri).build().getQueryParams().getFirst(name);
    return raw == null ? null : UriUtils.decode(raw, StandardCharsets.UTF_8);
  }
}
