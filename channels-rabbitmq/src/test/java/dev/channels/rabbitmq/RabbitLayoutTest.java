package dev.channels.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.GetResponse;
import dev.channels.ChannelFullException;
import dev.channels.ChannelLayerStats.DropReason;
import dev.channels.Message;
import dev.channels.rabbitmq.testing.PeerConnection;
import dev.channels.rabbitmq.testing.PythonMsgpack;
import dev.channels.rabbitmq.testing.RabbitBrokers;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The layout channels_rabbitmq 4.0.1 uses, checked on the broker: the groups exchange's flags, the
 * instance queue's name and arguments, channel names, routing keys and body bytes (against Python's
 * msgpack, as channels_rabbitmq packs them). A plain AMQP client stands in for the Django peer.
 */
class RabbitLayoutTest {

  // A queue named as channels_rabbitmq names its own: channels_ and 12 letters.
  private static final String PEER_QUEUE = "channels_PythonPeerAb";

  private final RabbitChannelLayer layer =
      RabbitChannelLayer.builder().connectionFactory(RabbitBrokers.connectionFactory()).build();
  private final PeerConnection peer = new PeerConnection();

  @AfterEach
  void close() {
    layer.close();
    peer.close();
  }

  @Test
  void declaresTheGroupsExchangeDirectNotDurableNotAutoDeleted() {
    assertThat(RabbitBrokers.list("exchanges", "name", "type", "durable", "auto_delete"))
        .contains(
            Map.of("name", "groups", "type", "direct", "durable", false, "auto_delete", false));
  }

  @Test
  void declaresOneQueueNamedAndLimitedAsChannelsRabbitmqDoesButDurableWithAnExpiry() {
    Map<String, Object> queue = queue(layer.queueName());

    assertThat(layer.queueName()).matches("channels_[A-Za-z]{12}");
    assertThat(arguments(queue))
        .containsEntry("x-max-length", 100)
        .containsEntry("x-overflow", "reject-publish")
        .containsEntry("x-message-ttl", 60_000)
        .containsEntry("x-expires", 300_000)
        .hasSize(4);
    assertThat(queue)
        .containsEntry("durable", true)
        .containsEntry("exclusive", false)
        .containsEntry("auto_delete", false);
  }

  @Test
  void namesProcessLocalChannelsAfterItsQueue() {
    assertThat(layer.newChannel()).matches(layer.queueName() + "!specific\\.[A-Za-z]{12}");
    assertThat(layer.newChannel("websocket.send"))
        .matches(layer.queueName() + "!websocket\\.send\\.[A-Za-z]{12}");
  }

  @Test
  void sendsToAPeersChannelOnTheDefaultExchangeWithThePeersQueueAsRoutingKey() throws Exception {
    peer.declareLikeChannelsRabbitmq(PEER_QUEUE, 100);
    String channel = PEER_QUEUE + "!AbCdEfGhIjKl";

    layer.send(channel, Message.of("chat.message", "text", "héllo", "n", 300)).join();

    GetResponse got = peer.next(PEER_QUEUE);
    assertThat(got.getEnvelope().getExchange()).isEmpty();
    assertThat(got.getEnvelope().getRoutingKey()).isEqualTo(PEER_QUEUE);
    assertThat(got.getBody())
        .isEqualTo(
            PythonMsgpack.packb(
                "{'type': 'chat.message', 'text': 'héllo', 'n': 300, '__asgi_channel__': '%s'}"
                    .formatted(channel)));
  }

  @Test
  void sendsAGroupMessageOnTheGroupsExchangeWithTheGroupAsRoutingKey() throws Exception {
    peer.declareLikeChannelsRabbitmq(PEER_QUEUE, 100);
    peer.channel().queueBind(PEER_QUEUE, "groups", "chat_layout");

    layer.groupSend("chat_layout", Message.of("chat.message", "text", "to all")).join();

    GetResponse got = peer.next(PEER_QUEUE);
    assertThat(got.getEnvelope().getExchange()).isEqualTo("groups");
    assertThat(got.getEnvelope().getRoutingKey()).isEqualTo("chat_layout");
    assertThat(got.getBody())
        .isEqualTo(
            PythonMsgpack.packb(
                "{'type': 'chat.message', 'text': 'to all', '__asgi_group__': 'chat_layout'}"));
  }

  @Test
  void putsANormalChannelsMessageInTheChannelsQueueAsItIs() {
    layer.send("jobs.layout", Message.of("job.run", "id", 7)).join();

    assertThat(peer.next("jobs.layout").getBody())
        .isEqualTo(PythonMsgpack.packb("{'type': 'job.run', 'id': 7}"));
  }

  @Test
  void bindsItsQueueOnTheFirstMemberOfAGroupAndUnbindsAfterTheLast() {
    String first = layer.newChannel();
    String second = layer.newChannel();

    layer.groupAdd("chat_bound", first).join();
    layer.groupAdd("chat_bound", second).join();
    assertThat(groupBindings("chat_bound")).containsExactly(layer.queueName());

    layer.groupDiscard("chat_bound", first).join();
    assertThat(groupBindings("chat_bound")).containsExactly(layer.queueName());

    layer.groupDiscard("chat_bound", second).join();
    Awaitility.await().untilAsserted(() -> assertThat(groupBindings("chat_bound")).isEmpty());
  }

  @Test
  void deliversWhatAPeerSendsToItsChannelsAndGroups() throws Exception {
    String channel = layer.newChannel();
    layer.groupAdd("chat_from_peer", channel).join();

    peer.publish(
        "",
        layer.queueName(),
        PythonMsgpack.packb(
            "{'type': 'chat.message', 'text': 'direct', '__asgi_channel__': '%s'}"
                .formatted(channel)));
    peer.publish(
        "groups",
        "chat_from_peer",
        PythonMsgpack.packb(
            "{'type': 'chat.message', 'text': 'grouped', '__asgi_group__': 'chat_from_peer'}"));

    assertThat(receive(channel)).isEqualTo(Message.of("chat.message", "text", "direct"));
    assertThat(receive(channel)).isEqualTo(Message.of("chat.message", "text", "grouped"));
  }

  @Test
  void aSendThatAFullPeerQueueRejectsFailsWithChannelFull() throws Exception {
    peer.declareLikeChannelsRabbitmq(PEER_QUEUE, 2);
    String channel = PEER_QUEUE + "!AbCdEfGhIjKl";
    layer.send(channel, Message.of("test.fill")).join();
    layer.send(channel, Message.of("test.fill")).join();

    assertThat(layer.send(channel, Message.of("test.fill")))
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableThat()
        .havingRootCause()
        .isInstanceOf(ChannelFullException.class);
  }

  @Test
  void aGroupSendThatAFullPeerQueueRejectsSkipsItAndCountsIt() throws Exception {
    peer.declareLikeChannelsRabbitmq(PEER_QUEUE, 1);
    peer.channel().queueBind(PEER_QUEUE, "groups", "chat_full");
    layer.groupSend("chat_full", Message.of("test.fill")).join();

    layer.groupSend("chat_full", Message.of("test.skipped")).join();

    assertThat(layer.stats().dropped(DropReason.CAPACITY)).isEqualTo(1);
  }

  private Message receive(String channel) {
    return layer
        .blocking()
        .receive(channel, Duration.ofSeconds(10))
        .orElseThrow(() -> new AssertionError("nothing arrived on " + channel));
  }

  private static Map<String, Object> queue(String name) {
    return RabbitBrokers.list("queues", "name", "arguments", "durable", "exclusive", "auto_delete")
        .stream()
        .filter(row -> name.equals(row.get("name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no queue " + name));
  }

  // rabbitmqctl prints arguments as [name, type, value] triples.
  private static Map<String, Object> arguments(Map<String, Object> queue) {
    Map<String, Object> arguments = new HashMap<>();
    for (Object triple : (List<?>) queue.get("arguments")) {
      List<?> argument = (List<?>) triple;
      arguments.put((String) argument.get(0), argument.get(2));
    }
    return arguments;
  }

  private static List<Object> groupBindings(String group) {
    return RabbitBrokers.list("bindings", "source_name", "destination_name", "routing_key").stream()
        .filter(
            row -> "groups".equals(row.get("source_name")) && group.equals(row.get("routing_key")))
        .map(row -> row.get("destination_name"))
        .toList();
  }
}
