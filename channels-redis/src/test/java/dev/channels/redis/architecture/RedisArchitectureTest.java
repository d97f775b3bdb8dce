package dev.channels.redis.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import dev.channels.test.architecture.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The core, the starter and the Redis backend together keep every layering rule. */
class RedisArchitectureTest {

  private static final JavaClasses CLASSES = ArchitectureRules.production();

  @Test
  void theCoreKnowsNoBackendAndNoSpring() {
    check(ArchitectureRules.CORE_KNOWS_NO_BACKEND);
  }

  @Test
  void theRedisLayerKnowsNoSpringBootOutsideItsAutoConfiguration() {
    check(ArchitectureRules.BACKENDS_KNOW_NO_SPRING_BOOT);
  }

  @Test
  void theStarterNamesNoRedisClass() {
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
