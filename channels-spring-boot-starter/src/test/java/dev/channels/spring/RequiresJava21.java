package dev.channels.spring;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that needs Java 21 or later, for virtual threads. The build runs the tests tagged {@value
 * #TAG} a second time, on the JDK at {@code channels.java21.home} (see the starter's pom), and
 * leaves them out of the run on the build's own JDK, which may be Java 17. Where that JDK is
 * missing they run on the build's JDK: skipped there on a developer's machine, failed on CI, so
 * that CI never passes without them.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(RequiresJava21.TAG)
@ExtendWith(Java21Condition.class)
public @interface RequiresJava21 {

  /** The JUnit tag the build selects these tests by. */
  String TAG = "java21";
}
