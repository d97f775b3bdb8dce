package dev.channels.rabbitmq;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.rabbitmq.testing.RabbitBrokers;
import dev.channels.test.TestNames;
import dev.channels.test.contract.ChannelLayerContract;
import dev.channels.test.contract.ChannelNaming;
import java.time.InstantSource;
import java.util.regex.Pattern;

/** The whole channel layer contract, against a real RabbitMQ. */
class RabbitChannelLayerContractTest extends ChannelLayerContract {

  @Override
  protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
    // An exchange and a queue prefix per layer keep tests apart on one virtual host, as they keep
    // applications apart.
    String namespace = TestNames.unique("contract");
    return RabbitChannelLayer.builder()
        .settings(settings)
        .options(
            RabbitLayerOptions.builder()
                .groupsExchange(namespace)
                .queuePrefix(namespace + ".")
                .build())
        .connectionFactory(RabbitBrokers.connectionFactory())
        .clock(clock)
        .build();
  }

  @Override
  protected ChannelNaming naming() {
    return new ChannelNaming(
        prefix -> "channels_[A-Za-z]{12}!" + Pattern.quote(prefix) + "\\.[A-Za-z]{12}", 64);
  }
}
