package dev.channels.spring.consumer;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports messages that no handler takes: at WARN the first time a consumer drops a type, at DEBUG
 * after that. The pairs already reported are remembered in a bounded, least recently used set, so a
 * sender that makes up new types cannot grow it without end; a pair forgotten is warned of again.
 */
final class UnhandledTypes {

  /** How many consumer and type pairs are remembered. */
  static final int REMEMBERED = 256;

  private static final Logger log = LoggerFactory.getLogger(UnhandledTypes.class);

  private final Map<String, Boolean> reported =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED;
        }
      };

  /**
   * Reports that session {@code sessionId} of {@code consumer} dropped a message of {@code type}.
   */
  void report(ConsumerDefinition consumer, String type, String sessionId) {
    report(consumer.type, consumer.messageTypes(), type, "session " + sessionId);
  }

  /**
   * Reports that {@code owner}, which handles {@code handled}, dropped a message of {@code type} in
   * {@code where}, such as "session 3f2a" or "worker channel thumbnails".
   */
  void report(Class<?> owner, Collection<String> handled, String type, String where) {
    if (firstTime(owner.getName() + "\0" + type)) {
      log.warn(
          "{} has no @ChannelHandler for message type '{}' ({}); such messages are dropped."
              + " Add @ChannelHandler(\"{}\") to handle them. Handled types: {}. Later drops of this"
              + " type are logged at DEBUG.",
          owner.getSimpleName(),
          type,
          where,
          type,
          handled);
    } else {
      log.debug(
          "{} dropped a message of unhandled type '{}' ({})", owner.getSimpleName(), type, where);
    }
  }

  /** How many pairs are remembered now. */
  synchronized int remembered() {
    return reported.size();
  }

  private synchronized boolean firstTime(String key) {
    return reported.put(key, Boolean.TRUE) == null;
  }
}
