package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a full channel's exception suggests: a capacity glob that matches the channel next time. */
class ChannelFullExceptionTest {

  @Test
  void suggestsTheNameOfANormalChannel() {
    assertThat(new ChannelFullException("jobs.thumbnails", 100))
        .hasMessageContaining("a glob such as 'jobs.thumbnails'");
  }

  @Test
  void suggestsThePrefixBeforeTheInstanceIdOfAChannelsRedisName() {
    assertThat(
            new ChannelFullException("websocket.send." + "a".repeat(32) + "!" + "b".repeat(32), 5))
        .hasMessageContaining("a glob such as 'websocket.send.*'");
  }

  @Test
  void suggestsThePrefixAfterTheQueueOfAChannelsRabbitmqName() {
    assertThat(new ChannelFullException("channels_AbCdEfGhIjKl!websocket.send.MnOpQrStUvWx", 5))
        .hasMessageContaining("a glob such as '*!websocket.send.*'");
  }

  @Test
  void suggestsTheQueueOfAProcessLocalNameWithoutAPrefix() {
    assertThat(new ChannelFullException("channels_AbCdEfGhIjKl!MnOpQrStUvWx", 5))
        .hasMessageContaining("a glob such as 'channels_AbCdEfGhIjKl!*'");
  }
}
