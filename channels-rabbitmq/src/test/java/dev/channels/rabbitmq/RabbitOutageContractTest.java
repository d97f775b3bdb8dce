package dev.channels.rabbitmq;

import dev.channels.ChannelLayer;
import dev.channels.rabbitmq.testing.RabbitBrokers;
import dev.channels.test.TestNames;
import dev.channels.test.contract.OutageContract;
import org.junit.jupiter.api.AfterEach;

/**
 * The broker restarted: {@code rabbitmqctl stop_app} closes every connection and loses what is not
 * durable (the groups exchange, its bindings, the messages), {@code start_app} brings it back. The
 * broker is started again after each test, whatever happened in it.
 */
class RabbitOutageContractTest extends OutageContract {

  private final String namespace = TestNames.unique("outage");

  @Override
  protected ChannelLayer createLayer() {
    return RabbitChannelLayer.builder()
        .options(
            RabbitLayerOptions.builder()
                .groupsExchange(namespace)
                .queuePrefix(namespace + ".")
                .build())
        .connectionFactory(RabbitBrokers.connectionFactory())
        .build();
  }

  @Override
  protected void stopBroker() {
    RabbitBrokers.stopApp();
  }

  @Override
  protected void startBroker() {
    RabbitBrokers.startApp();
  }

  @AfterEach
  void startTheBrokerAgain() {
    RabbitBrokers.startAppIfStopped();
  }
}
