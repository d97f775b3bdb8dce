package dev.channels.test.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import dev.channels.MessageTooLargeException;
import dev.channels.codec.MessagePackCodec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The message size limit, measured in the MessagePack encoding. */
public abstract class SizeLimitContract extends LayerContractSupport {

  @Test
  void refusesAMessageOverTheLimitBeforeDeliveringIt() {
    ChannelLayer limited = layer(settings -> settings.maxMessageSize(1024));
    await(limited.groupAdd("test_group", "test.big"));
    Message big = chat("x".repeat(2000));

    assertThat(limited.send("test.big", big))
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableThat()
        .havingRootCause()
        .isInstanceOf(MessageTooLargeException.class)
        .withMessageContaining("max-message-size")
        .withMessageContaining("1024");
    assertThat(limited.groupSend("test_group", big))
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableThat()
        .havingRootCause()
        .isInstanceOf(MessageTooLargeException.class);
    await(limited.send("test.big", chat("small")));
    assertThat(await(limited.receive("test.big"))).isEqualTo(chat("small"));
  }

  @Test
  void acceptsAMessageExactlyAtTheLimit() {
    Message atLimit = chat("x".repeat(900));
    long size = MessagePackCodec.encodedSize(atLimit);
    ChannelLayer limited = layer(settings -> settings.maxMessageSize(size));

    await(limited.send("test.exact", atLimit));

    assertThat(await(limited.receive("test.exact"))).isEqualTo(atLimit);
  }

  @Test
  void carriesAMessageOfOneMegabyteByDefault() {
    Message large = Message.of("test.large", "data", new byte[1_000_000]);

    await(layer.send("test.large", large));

    assertThat(await(layer.receive("test.large"))).isEqualTo(large);
  }
}
