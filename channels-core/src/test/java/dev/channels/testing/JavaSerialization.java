package dev.channels.testing;

import java.io.IOException;
import java.io.Serializable;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds Java serialization in the classes of one module: classes of ours that declare themselves
 * {@link Serializable}, and class files that refer to Java's object streams. A class that is
 * Serializable only because a JDK class it extends is (an exception, an enum, a LinkedHashMap with
 * an eviction rule) does not count: nothing of ours asked for it.
 */
public final class JavaSerialization {

  private final Path root;

  private JavaSerialization(Path root) {
    this.root = root;
  }

  /** The module (classes folder or jar's folder) that {@code anchor} was loaded from. */
  public static JavaSerialization inModuleOf(Class<?> anchor) {
    try {
      return new JavaSerialization(
          Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** The names of the module's classes that are Serializable by a declaration of ours. */
  public List<String> serializableClasses() {
    try (Stream<Path> files = classFiles()) {
      return files
          .map(file -> root.relativize(file).toString())
          .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
          .<Class<?>>map(JavaSerialization::load)
          .filter(JavaSerialization::declaredSerializableByUs)
          .map(Class::getName)
          .toList();
    }
  }

  /** The module's class files that refer to ObjectOutputStream or ObjectInputStream. */
  public List<Path> objectStreamUsers() {
    try (Stream<Path> files = classFiles()) {
      return files
          .filter(
              file ->
                  mentions(file, "java/io/ObjectOutputStream")
                      || mentions(file, "java/io/ObjectInputStream"))
          .toList();
    }
  }

  private static boolean declaredSerializableByUs(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().startsWith("dev.channels.") && declaresSerializable(c)) {
        return true;
      }
    }
    return false;
  }

  private static boolean declaresSerializable(Class<?> type) {
    for (Class<?> declared : type.getInterfaces()) {
      if (Serializable.class.isAssignableFrom(declared)) {
        return true;
      }
    }
    return false;
  }

  private Stream<Path> classFiles() {
    try {
      return Files.walk(root).filter(file -> file.toString().endsWith(".class"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static boolean mentions(Path file, String className) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(className);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, JavaSerialization.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
