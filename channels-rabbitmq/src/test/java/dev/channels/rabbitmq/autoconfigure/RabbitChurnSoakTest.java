package dev.channels.rabbitmq.autoconfigure;

import dev.channels.rabbitmq.testing.RabbitBrokers;
import dev.channels.test.TestNames;
import dev.channels.test.soak.ChurnSoakContract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The churn soak on RabbitMQ, through Spring Boot's own RabbitMQ settings: afterwards the
 * application holds as many broker connections as before, and its queue no group binding.
 */
class RabbitChurnSoakTest extends ChurnSoakContract {

  private final String exchange = TestNames.unique("soak");

  @Override
  protected String backend() {
    return "rabbitmq";
  }

  @Override
  protected List<String> applicationArguments() {
    return List.of(
        "--channels.layers.default.backend=rabbitmq",
        "--channels.layers.default.rabbitmq.groups-exchange=" + exchange,
        "--spring.rabbitmq.host=" + RabbitBrokers.HOST,
        "--spring.rabbitmq.port=" + RabbitBrokers.PORT,
        "--spring.rabbitmq.virtual-host=" + RabbitBrokers.virtualHost());
  }

  @Override
  protected Map<String, Long> leftovers() {
    Map<String, Long> kept = new LinkedHashMap<>();
    kept.put(
        "connections of the layer (rabbitmqctl list_connections)",
        RabbitBrokers.connectionsNamed("spring-channels channels_").stream()
            .filter(connection -> RabbitBrokers.virtualHost().equals(connection.get("vhost")))
            .count());
    kept.put(
        "group bindings on " + exchange + " (rabbitmqctl list_bindings)",
        RabbitBrokers.list("bindings", "source_name", "routing_key").stream()
            .filter(binding -> exchange.equals(binding.get("source_name")))
            .filter(binding -> !String.valueOf(binding.get("routing_key")).startsWith("!"))
            .count());
    return kept;
  }
}
