package dev.channels.rabbitmq.autoconfigure;

import dev.channels.rabbitmq.testing.RabbitBrokers;
import dev.channels.test.TestNames;
import dev.channels.test.autoconfigure.BackendAutoConfigurationContract;
import java.util.List;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;

/** channels-rabbitmq's auto-configuration passes the contract every backend module passes. */
class RabbitAutoConfigurationContractTest extends BackendAutoConfigurationContract {

  private final String exchange = TestNames.unique("autoconfig");

  @Override
  protected String backend() {
    return "rabbitmq";
  }

  @Override
  protected List<Class<?>> backendAutoConfigurations() {
    return List.of(RabbitAutoConfiguration.class, RabbitChannelLayerAutoConfiguration.class);
  }

  // Spring Boot's defaults (localhost:5672, guest) reach the test broker; the test virtual host
  // and an exchange per alias keep the test apart.
  @Override
  protected List<String> brokerProperties(String alias) {
    return List.of(
        "rabbitmq.virtual-host=" + RabbitBrokers.virtualHost(),
        "rabbitmq.groups-exchange=" + exchange + "-" + alias,
        "rabbitmq.queue-prefix=" + exchange + "-" + alias + ".");
  }
}
