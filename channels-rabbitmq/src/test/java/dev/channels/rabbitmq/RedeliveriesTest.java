package dev.channels.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP.BasicProperties;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which redelivered messages a new consumer skips as already routed. */
class RedeliveriesTest {

  private final Redeliveries redeliveries = new Redeliveries();

  @Test
  void skipsEachRoutedMessageOnceAndNothingElse() {
    long routed = fingerprint("a", 1);
    long other = fingerprint("b", 1);
    redeliveries.remember(new long[] {routed});

    assertThat(redeliveries.alreadyRouted(other)).isFalse();
    assertThat(redeliveries.alreadyRouted(routed)).isTrue();
    assertThat(redeliveries.alreadyRouted(routed)).as("a second, equal message").isFalse();
  }

  @Test
  void skipsAsManyEqualMessagesAsWereRouted() {
    long twice = fingerprint("ping", 7);
    redeliveries.remember(new long[] {twice, twice});

    assertThat(redeliveries.alreadyRouted(twice)).isTrue();
    assertThat(redeliveries.alreadyRouted(twice)).isTrue();
    assertThat(redeliveries.alreadyRouted(twice)).isFalse();
  }

  @Test
  void remembersOnlyTheLastConnectionsMessages() {
    redeliveries.remember(new long[] {fingerprint("old", 1)});
    redeliveries.remember(new long[] {fingerprint("new", 2)});

    assertThat(redeliveries.alreadyRouted(fingerprint("old", 1))).isFalse();
    assertThat(redeliveries.alreadyRouted(fingerprint("new", 2))).isTrue();
  }

  @Test
  void theSendTimeTellsEqualBodiesApart() {
    assertThat(fingerprint("same", 1)).isNotEqualTo(fingerprint("same", 2));
  }

  private static long fingerprint(String body, long sentAt) {
    BasicProperties properties =
        new BasicProperties.Builder().headers(Map.of(Topology.SENT_AT, sentAt)).build();
    return Redeliveries.fingerprint(body.getBytes(StandardCharsets.UTF_8), properties);
  }
}
