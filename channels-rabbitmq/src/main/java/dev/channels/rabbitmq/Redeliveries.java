package dev.channels.rabbitmq;

import com.rabbitmq.client.AMQP.BasicProperties;
import java.util.HashMap;
import java.util.Map;

/**
 * The messages the last consumer of the instance's queue routed but had not acked when its
 * connection ended, by fingerprint: the broker hands them out again, flagged as redelivered, and
 * the next consumer skips those it finds here rather than deliver them twice. A fingerprint is a
 * 64-bit hash of the body and the send time; each one skips as many redeliveries as were routed
 * with it, so two equal messages, one routed and one not, still arrive once each.
 */
final class Redeliveries {

  private final Map<Long, Integer> routed = new HashMap<>();

  /** Forgets the last connection's and keeps these, of the connection that just ended. */
  synchronized void remember(long[] fingerprints) {
    routed.clear();
    for (long fingerprint : fingerprints) {
      routed.merge(fingerprint, 1, Integer::sum);
    }
  }

  /** Whether a redelivered message with {@code fingerprint} was routed already (and is skipped). */
  synchronized boolean alreadyRouted(long fingerprint) {
    Integer count = routed.get(fingerprint);
    if (count == null) {
      return false;
    }
    if (count == 1) {
      routed.remove(fingerprint);
    } else {
      routed.put(fingerprint, count - 1);
    }
    return true;
  }

  /** The fingerprint of a message: FNV-1a over its body, mixed with its send time header. */
  static long fingerprint(byte[] body, BasicProperties properties) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : body) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    Map<String, Object> headers = properties.getHeaders();
    Object sentAt = headers == null ? null : headers.get(Topology.SENT_AT);
    return sentAt instanceof Number millis
        ? hash ^ (millis.longValue() * 0x9e3779b97f4a7c15L)
        : hash;
  }
}
