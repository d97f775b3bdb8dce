package dev.channels.rabbitmq;

import dev.channels.ChannelLayer;
import dev.channels.rabbitmq.testing.RabbitBrokers;
import dev.channels.test.TestNames;
import dev.channels.test.contract.OutageContract;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;

/**
 * The broker restarted: {@code rabbitmqctl stop_app} closes every connection and loses what is not
 * durable (the groups exchange, its bindings, the messages), {@code start_app} brings it back. The
 * broker is started again after each test, whatever happened in it.
 */
class RabbitOutageContractTest extends OutageContract {

  private final String namespace = TestNames.unique("outage");

  private final List<RabbitChannelLayer> layers = new ArrayList<>();

  @Override
  protected ChannelLayer createLayer() {
    RabbitChannelLayer layer =
        RabbitChannelLayer.builder()
            .options(
                RabbitLayerOptions.builder()
                    .groupsExchange(namespace)
                    .queuePrefix(namespace + ".")
                    .build())
            .connectionFactory(RabbitBrokers.connectionFactory())
            .build();
    layers.add(layer);
    return layer;
  }

  @Override
  protected void stopBroker() {
    RabbitBrokers.stopApp();
  }

  // Back, as far as the layers go, once they have connected again: they retry with a growing
  // delay (up to 5 s), and until then sends fail fast, which sendOnceRecovered allows for.
  @Override
  protected void startBroker() {
    RabbitBrokers.startApp();
    Awaitility.await()
        .atMost(RECOVERY)
        .until(() -> layers.stream().allMatch(RabbitChannelLayer::isConnected));
  }

  @AfterEach
  void startTheBrokerAgain() {
    RabbitBrokers.startAppIfStopped();
  }
}
