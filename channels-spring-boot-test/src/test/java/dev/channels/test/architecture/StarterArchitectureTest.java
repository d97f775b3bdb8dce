package dev.channels.test.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/** The core and the starter together, before any backend module joins them. */
class StarterArchitectureTest {

  private static final JavaClasses CLASSES = ArchitectureRules.production();

  @Test
  void theCoreKnowsNoBackendAndNoSpring() {
    ArchitectureRules.CORE_KNOWS_NO_BACKEND.check(CLASSES);
  }

  @Test
  void theStarterNamesNoBackend() {
    ArchitectureRules.STARTER_NAMES_NO_BACKEND.check(CLASSES);
  }

  @Test
  void theConsumerSupportReachesIntoNoBackend() {
    ArchitectureRules.CONSUMERS_REACH_INTO_NO_BACKEND.check(CLASSES);
  }

  @Test
  void onlyTheCoreUsesItsInternals() {
    ArchitectureRules.INTERNALS_STAY_IN_THE_CORE.check(CLASSES);
  }

  @Test
  void nothingUsesJavaSerialization() {
    ArchitectureRules.NO_JAVA_SERIALIZATION.check(CLASSES);
  }
}
