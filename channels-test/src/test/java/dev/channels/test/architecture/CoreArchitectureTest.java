package dev.channels.test.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.Serializable;
import org.junit.jupiter.api.Test;

/** The core alone: it knows no backend and no Spring, and uses no Java serialization. */
class CoreArchitectureTest {

  private static final JavaClasses CORE = ArchitectureRules.production();

  @Test
  void theCoreKnowsNoBackendAndNoSpring() {
    ArchitectureRules.CORE_KNOWS_NO_BACKEND.check(CORE);
  }

  @Test
  void nothingInTheCoreUsesJavaSerialization() {
    ArchitectureRules.NO_JAVA_SERIALIZATION.check(CORE);
  }

  @Test
  void theSerializationRuleFlagsAClassThatDeclaresSerializable() {
    JavaClasses offender = new ClassFileImporter().importClasses(Offender.class);

    assertThatThrownBy(() -> ArchitectureRules.NO_JAVA_SERIALIZATION.check(offender))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(Offender.class.getName());
  }

  @Test
  void theRulesFailWhenTheyScannedNothing() {
    JavaClasses nothing = new ClassFileImporter().importClasses();

    assertThatThrownBy(() -> ArchitectureRules.NO_JAVA_SERIALIZATION.check(nothing))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("failed to check any classes");
  }

  static final class Offender implements Serializable {}
}
