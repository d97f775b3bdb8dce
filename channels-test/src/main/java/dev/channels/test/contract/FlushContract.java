package dev.channels.test.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Message;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Flushing the layer of every message and group. */
public abstract class FlushContract extends LayerContractSupport {

  @Test
  void flushRemovesEveryMessageAndGroup() {
    await(layer.send("test.flushed", chat("gone")));
    await(layer.groupAdd("test_group", "test.member"));

    await(layer.flush());
    await(layer.groupSend("test_group", chat("nobody hears")));
    await(layer.send("test.flushed", chat("after")));
    await(layer.send("test.member", chat("direct")));

    assertThat(await(layer.receive("test.flushed"))).isEqualTo(chat("after"));
    assertThat(await(layer.receive("test.member"))).isEqualTo(chat("direct"));
  }

  @Test
  void aReceiveWaitingAcrossAFlushGetsTheNextMessage() {
    CompletableFuture<Message> pending = layer.receive("test.waiting");

    await(layer.flush());
    await(layer.send("test.waiting", chat("after flush")));

    assertThat(await(pending)).isEqualTo(chat("after flush"));
  }
}
