package dev.channels.spring;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a {@link RequiresJava21} test on Java 21 or later; before that, skips it, or fails it when
 * the {@code CI} environment variable is {@code true}.
 */
final class Java21Condition implements ExecutionCondition {

  private static final int NEEDED = 21;

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    int running = Runtime.version().feature();
    if (running >= NEEDED) {
      return ConditionEvaluationResult.enabled("Java " + running);
    }
    String reason =
        ("needs Java %d or later, and this is Java %d. The build runs the tests tagged %s on the"
                + " JDK at channels.java21.home, by default /usr/lib/jvm/temurin-25-jdk-amd64, when"
                + " it exists: install a JDK %d+ there, or give another one's home with"
                + " -Dchannels.java21.home=/path/to/jdk.")
            .formatted(NEEDED, running, RequiresJava21.TAG, NEEDED);
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("CI runs every test, and this one " + reason);
    }
    return ConditionEvaluationResult.disabled("This test " + reason);
  }
}
