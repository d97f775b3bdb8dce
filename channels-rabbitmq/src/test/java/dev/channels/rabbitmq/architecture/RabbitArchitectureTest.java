package dev.channels.rabbitmq.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import dev.channels.test.architecture.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The core, the starter and the RabbitMQ backend together keep every layering rule. */
class RabbitArchitectureTest {

  private static final JavaClasses CLASSES = ArchitectureRules.production();

  @Test
  void theCoreKnowsNoBackendAndNoSpring() {
    check(ArchitectureRules.CORE_KNOWS_NO_BACKEND);
  }

  @Test
  void theRabbitLayerKnowsNoSpringBootOutsideItsAutoConfiguration() {
    check(ArchitectureRules.BACKENDS_KNOW_NO_SPRING_BOOT);
  }

  @Test
  void theStarterNamesNoRabbitClass() {
    check(ArchitectureRules.STARTER_NAMES_NO_BACKEND);
  }

  @Test
  void theConsumerSupportReachesIntoNoBackend() {
    check(ArchitectureRules.CONSUMERS_REACH_INTO_NO_BACKEND);
  }

  @Test
  void onlyTheCoreUsesItsInternals() {
    check(ArchitectureRules.INTERNALS_STAY_IN_THE_CORE);
  }

  @Test
  void nothingUsesJavaSerialization() {
    check(ArchitectureRules.NO_JAVA_SERIALIZATION);
  }

  private static void check(ArchRule rule) {
    rule.check(CLASSES);
  }
}
