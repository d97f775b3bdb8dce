package dev.channels.spring.scale;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The live-object histogram of this JVM ({@code jcmd <pid> GC.class_histogram}, taken through the
 * platform MBean), so a test can say which classes a change in heap is made of.
 */
final class HeapHistogram {

  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");

  private final Map<String, Long> bytesByClass;

  private HeapHistogram(Map<String, Long> bytesByClass) {
    this.bytesByClass = bytesByClass;
  }

  static HeapHistogram take() {
    try {
      String text =
          (String)
              ManagementFactory.getPlatformMBeanServer()
                  .invoke(
                      new ObjectName("com.sun.management:type=DiagnosticCommand"),
                      "gcClassHistogram",
                      new Object[] {new String[0]},
                      new String[] {String[].class.getName()});
      Map<String, Long> bytes = new HashMap<>();
      for (String line : text.split("\n")) {
        Matcher row = ROW.matcher(line);
        if (row.matches()) {
          bytes.merge(row.group(3), Long.parseLong(row.group(2)), Long::sum);
        }
      }
      return new HeapHistogram(bytes);
    } catch (JMException e) {
      throw new IllegalStateException("Could not take a class histogram", e);
    }
  }

  /** The classes that grew most since {@code before}, in bytes per {@code per}, one a line. */
  String growthSince(HeapHistogram before, int per, int top) {
    Map<String, Long> growth = new HashMap<>();
    bytesByClass.forEach(
        (type, bytes) -> growth.put(type, bytes - before.bytesByClass.getOrDefault(type, 0L)));
    return growth.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .map(e -> "    %9.1f B  %s".formatted(e.getValue() / (double) per, e.getKey()))
        .collect(Collectors.joining("\n"));
  }
}
