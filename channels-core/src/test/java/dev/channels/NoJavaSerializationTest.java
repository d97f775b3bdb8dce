package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Serializable;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Messages travel as MessagePack and nothing in the layer uses Java serialization: no class of ours
 * is Serializable (exceptions are, by inheritance only), and none refers to Java's object streams.
 */
class NoJavaSerializationTest {

  @Test
  void noClassOfOursIsSerializableExceptExceptions() throws Exception {
    List<Class<?>> serializable =
        ourClasses()
            .filter(Serializable.class::isAssignableFrom)
            .filter(type -> !Throwable.class.isAssignableFrom(type))
            .filter(type -> !type.isEnum() && !type.isRecord())
            .toList();

    assertThat(serializable).isEmpty();
  }

  @Test
  void noClassOfOursUsesJavaObjectStreams() throws Exception {
    try (Stream<Path> classes = classFiles()) {
      List<Path> users =
          classes
              .filter(
                  file ->
                      mentions(file, "java/io/ObjectOutputStream")
                          || mentions(file, "java/io/ObjectInputStream"))
              .toList();
      assertThat(users).isEmpty();
    }
  }

  private static Stream<Class<?>> ourClasses() throws Exception {
    Path root = root();
    return classFiles()
        .map(file -> root.relativize(file).toString())
        .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
        .map(NoJavaSerializationTest::load);
  }

  private static Stream<Path> classFiles() throws IOException, URISyntaxException {
    return Files.walk(root()).filter(file -> file.toString().endsWith(".class"));
  }

  private static Path root() throws URISyntaxException {
    return Path.of(ChannelLayer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static boolean mentions(Path file, String className) {
    try {
      return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)
          .contains(className);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, NoJavaSerializationTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
