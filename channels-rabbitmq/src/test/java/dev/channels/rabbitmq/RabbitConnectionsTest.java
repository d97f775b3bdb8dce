package dev.channels.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Message;
import dev.channels.rabbitmq.testing.RabbitBrokers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One connection per instance, whatever it carries, as the broker counts them. */
class RabbitConnectionsTest {

  private final RabbitChannelLayer layer =
      RabbitChannelLayer.builder().connectionFactory(RabbitBrokers.connectionFactory()).build();

  @AfterEach
  void close() {
    layer.close();
  }

  @Test
  void anInstanceHoldsOneConnectionOfFourChannelsWhateverItsChannelsGroupsAndReceivers() {
    List<String> channels = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      channels.add(layer.newChannel());
    }
    List<CompletableFuture<Void>> joins = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      joins.add(layer.groupAdd("chat_room" + i % 50, channels.get(i)));
    }
    joins.forEach(CompletableFuture::join);
    List<CompletableFuture<Message>> waiting = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      waiting.add(layer.receive("jobs.connections" + i));
    }
    for (int i = 0; i < 50; i++) {
      layer.groupSend("chat_room" + i, Message.of("chat.message", "n", i)).join();
      layer.send("jobs.connections" + i % 20, Message.of("job.run", "n", i)).join();
    }
    waiting.forEach(CompletableFuture::join);

    List<Map<String, Object>> connections =
        RabbitBrokers.connectionsNamed("spring-channels " + layer.queueName());
    assertThat(connections).hasSize(1);
    assertThat(connections.get(0))
        .as("requests, publishing, its queue's consumer, normal channels' consumers")
        .containsEntry("channels", 4)
        .containsEntry("vhost", RabbitBrokers.virtualHost());
  }
}
