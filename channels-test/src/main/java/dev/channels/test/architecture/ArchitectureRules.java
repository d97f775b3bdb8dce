package dev.channels.test.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.List;

/**
 * The layering of Spring Channels as rules: the core knows no backend and no Spring, a backend
 * knows no Spring Boot outside its own {@code autoconfigure} package, the starter names no backend,
 * the consumer support reaches into no backend, and only the core uses its {@code internal}
 * package. Nothing uses Java serialization. A module's architecture test imports the classes it
 * sees with {@link #production()} and checks {@link #all()}.
 */
public final class ArchitectureRules {

  /** The backends' top-level packages; each may have an {@code autoconfigure} sub-package. */
  public static final List<String> BACKENDS =
      List.of("dev.channels.redis..", "dev.channels.rabbitmq..");

  private static final String[] CORE = {
    "dev.channels",
    "dev.channels.codec..",
    "dev.channels.spi..",
    "dev.channels.internal..",
    "dev.channels.layer.."
  };

  /** The core depends on no backend, no broker client and no Spring. */
  public static final ArchRule CORE_KNOWS_NO_BACKEND =
      noClasses()
          .that()
          .resideInAnyPackage(CORE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.channels.redis..",
              "dev.channels.rabbitmq..",
              "dev.channels.spring..",
              "io.lettuce..",
              "com.rabbitmq..",
              "org.springframework..")
          .as("the core knows no backend and no Spring");

  /** A backend's layer depends on no Spring Boot and not on the starter. */
  public static final ArchRule BACKENDS_KNOW_NO_SPRING_BOOT =
      noClasses()
          .that()
          .resideInAnyPackage(BACKENDS.toArray(String[]::new))
          .and()
          .resideOutsideOfPackage("..autoconfigure..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework.boot..", "dev.channels.spring..")
          .as("backends know no Spring Boot outside their autoconfigure package");

  /** The starter names no backend class: it asks backends through its SPI. */
  public static final ArchRule STARTER_NAMES_NO_BACKEND =
      noClasses()
          .that()
          .resideInAPackage("dev.channels.spring..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(BACKENDS.toArray(String[]::new))
          .as("the starter names no backend class");

  /**
   * Consumers work on any layer: they reach into no backend, the in-memory one included (they may
   * check names by the rules of {@code dev.channels.spi.Names} at startup).
   */
  public static final ArchRule CONSUMERS_REACH_INTO_NO_BACKEND =
      noClasses()
          .that()
          .resideInAPackage("dev.channels.spring.consumer..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.channels.redis..", "dev.channels.rabbitmq..", "dev.channels.layer..")
          .as("the consumer support reaches into no backend");

  /** What is internal to the core stays there. */
  public static final ArchRule INTERNALS_STAY_IN_THE_CORE =
      noClasses()
          .that()
          .resideOutsideOfPackages(CORE)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.channels.internal..")
          .as("only the core uses dev.channels.internal");

  /**
   * No class of ours declares itself {@link Serializable} (exceptions, enums and subclasses of JDK
   * collections are, by inheritance only) and none reads or writes Java object streams: messages
   * travel as MessagePack.
   */
  public static final ArchRule NO_JAVA_SERIALIZATION =
      noClasses()
          .that()
          .resideInAPackage("dev.channels..")
          .should(declareThemselvesSerializable())
          .orShould()
          .dependOnClassesThat()
          .areAssignableTo(ObjectInputStream.class)
          .orShould()
          .dependOnClassesThat()
          .areAssignableTo(ObjectOutputStream.class)
          .as("nothing uses Java serialization");

  private ArchitectureRules() {}

  // Declared on the class itself: what it inherits from the JDK says nothing of its own intent.
  private static ArchCondition<JavaClass> declareThemselvesSerializable() {
    return new ArchCondition<>("declare themselves Serializable") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        boolean declares =
            type.getRawInterfaces().stream().anyMatch(i -> i.isEquivalentTo(Serializable.class));
        events.add(
            new SimpleConditionEvent(type, declares, type.getName() + " implements Serializable"));
      }
    };
  }

  /** Every rule above. */
  public static List<ArchRule> all() {
    return List.of(
        CORE_KNOWS_NO_BACKEND,
        BACKENDS_KNOW_NO_SPRING_BOOT,
        STARTER_NAMES_NO_BACKEND,
        CONSUMERS_REACH_INTO_NO_BACKEND,
        INTERNALS_STAY_IN_THE_CORE,
        NO_JAVA_SERIALIZATION);
  }

  /** The production classes of {@code dev.channels} on the classpath, without tests or the kits. */
  public static JavaClasses production() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(
            location ->
                !location.contains("/channels-test")
                    && !location.contains("/channels-spring-boot-test")
                    && !location.contains("/dev/channels/test/"))
        .importPackages("dev.channels");
  }
}
