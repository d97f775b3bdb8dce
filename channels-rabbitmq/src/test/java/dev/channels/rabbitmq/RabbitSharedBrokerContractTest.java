package dev.channels.rabbitmq;

import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerSettings;
import dev.channels.rabbitmq.testing.RabbitBrokers;
import dev.channels.test.TestNames;
import dev.channels.test.contract.SharedBrokerContract;
import java.time.InstantSource;

/** Two instances on one virtual host and one groups exchange, as two instances of an app run. */
class RabbitSharedBrokerContractTest extends SharedBrokerContract {

  private final String namespace = TestNames.unique("shared");

  @Override
  protected ChannelLayer createLayer(ChannelLayerSettings settings, InstantSource clock) {
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
}
