package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import dev.channels.spring.consumer.TestConsumers.Farewell;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.CloseStatus;
import tools.jackson.databind.json.JsonMapper;

/** Consumers served on a real port, talked to by a real WebSocket client. */
@SpringBootTest(
    classes = TestConsumers.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ConsumerWebSocketTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired ChannelLayer layer;
  @Autowired TestConsumers.Chat chat;
  @Autowired ConsumerEndpoints endpoints;

  @Test
  void aMessageFromOneClientReachesEveryClientInTheRoomAndNoOther() throws Exception {
    try (TestClient alice = TestClient.connect(port, "/ws/chat/lobby/");
        TestClient bob = TestClient.connect(port, "/ws/chat/lobby/");
        TestClient carol = TestClient.connect(port, "/ws/chat/kitchen/")) {
      awaitMembers("chat_lobby", 2);
      alice.send("{\"message\": \"hello lobby\"}");
      carol.send("{\"message\": \"hello kitchen\"}");

      assertThat(alice.nextText()).isEqualTo("{\"message\":\"hello lobby\"}");
      assertThat(bob.nextText()).isEqualTo("{\"message\":\"hello lobby\"}");
      assertThat(carol.nextText()).isEqualTo("{\"message\":\"hello kitchen\"}");
    }
  }

  @Test
  void aGroupSendFromAnywhereReachesTheRoomsClients() throws Exception {
    try (TestClient client = TestClient.connect(port, "/ws/chat/news/")) {
      awaitMembers("chat_news", 1);

      layer.blocking().groupSend("chat_news", Message.of("chat.message", "message", "breaking"));

      assertThat(client.nextText()).isEqualTo("{\"message\":\"breaking\"}");
    }
  }

  @Test
  void eachSessionsMessagesAreHandledOneAtATimeInArrivalOrder() throws Exception {
    try (TestClient client = TestClient.connect(port, "/ws/chat/order/")) {
      awaitMembers("chat_order", 1);
      for (int i = 0; i < 20; i++) {
        String type = i % 2 == 0 ? "test.slow" : "test.raw";
        layer.blocking().groupSend("chat_order", Message.of(type, "n", i));
      }

      for (int i = 0; i < 20; i++) {
        assertThat(client.nextText()).isEqualTo((i % 2 == 0 ? "slow " : "raw ") + i);
      }
    }
  }

  @Test
  void aMessageOfAnUnhandledTypeIsDroppedAndTheSessionStaysOpen() throws Exception {
    try (TestClient client = TestClient.connect(port, "/ws/chat/unknown/")) {
      awaitMembers("chat_unknown", 1);

      layer.blocking().groupSend("chat_unknown", Message.of("nobody.handles.this"));
      layer
          .blocking()
          .groupSend("chat_unknown", Message.of("chat.message", "message", "still here"));

      assertThat(client.nextText()).isEqualTo("{\"message\":\"still here\"}");
      assertThat(client.isOpen()).isTrue();
    }
  }

  @Test
  void anUnhandledTypeIsLoggedAtWarnOnceNamingTheConsumerTheTypeAndTheFix(CapturedOutput output)
      throws Exception {
    try (TestClient client = TestClient.connect(port, "/ws/chat/warned/")) {
      awaitMembers("chat_warned", 1);

      layer.blocking().groupSend("chat_warned", Message.of("test.unheard"));
      layer.blocking().groupSend("chat_warned", Message.of("test.unheard"));
      layer.blocking().groupSend("chat_warned", Message.of("chat.message", "message", "after"));
      assertThat(client.nextText()).isEqualTo("{\"message\":\"after\"}");

      assertThat(output.getOut())
          .containsOnlyOnce("Chat has no @ChannelHandler for message type 'test.unheard'")
          .contains(
              "such messages are dropped. Add @ChannelHandler(\"test.unheard\") to handle them.")
          .contains("Later drops of this type are logged at DEBUG.");
    }
  }

  @Test
  void aFailingHandlerDoesNotStopItsSession() throws Exception {
    try (TestClient client = TestClient.connect(port, "/ws/chat/failing/")) {
      awaitMembers("chat_failing", 1);

      layer.blocking().groupSend("chat_failing", Message.of("test.fail"));
      layer.blocking().groupSend("chat_failing", Message.of("chat.message", "message", "after"));

      assertThat(client.nextText()).isEqualTo("{\"message\":\"after\"}");
    }
  }

  @Test
  void invalidJsonFromAClientClosesItsSessionWith1007() throws Exception {
    try (TestClient client = TestClient.connect(port, "/ws/chat/json/")) {
      client.send("this is not json");

      assertThat(client.closeStatus().getCode()).isEqualTo(CloseStatus.BAD_DATA.getCode());
    }
  }

  @Test
  void aTextFrameOverTheLimitClosesTheSessionWith1009() throws Exception {
    try (TestClient client = TestClient.connect(port, "/ws/chat/big/")) {
      client.send("{\"message\": \"" + "x".repeat(100 * 1024) + "\"}");

      assertThat(client.closeStatus().getCode())
          .isEqualTo(CloseStatus.TOO_BIG_TO_PROCESS.getCode());
    }
  }

  @Test
  void aTextFrameLargerThanTheContainersBufferButUnderTheLimitArrivesWhole() throws Exception {
    String message = "y".repeat(60 * 1024);
    try (TestClient client = TestClient.connect(port, "/ws/chat/large/")) {
      awaitMembers("chat_large", 1);
      client.send("{\"message\": \"" + message + "\"}");

      assertThat(client.nextText()).isEqualTo("{\"message\":\"" + message + "\"}");
    }
  }

  @Test
  void aBinaryFrameUnderTheLimitArrivesWholeAndOneOverItClosesTheSessionWith1009()
      throws Exception {
    byte[] fits = new byte[64 * 1024];
    fits[fits.length - 1] = 7;
    try (TestClient client = TestClient.connect(port, "/ws/chat/bytes/")) {
      awaitMembers("chat_bytes", 1);
      client.sendBinary(fits);
      assertThat(client.nextBinary()).isEqualTo(fits);

      client.sendBinary(new byte[64 * 1024 + 1]);
      assertThat(client.closeStatus().getCode())
          .isEqualTo(CloseStatus.TOO_BIG_TO_PROCESS.getCode());
    }
  }

  @Test
  void framesSentBeforeACloseAllReachTheClientInOrderBeforeTheCloseCode() throws Exception {
    try (TestClient client = TestClient.connect(port, "/ws/farewell/")) {
      client.send("4000");

      Farewell.assertEveryFrameArrivesInOrder(client);
      assertThat(client.closeStatus()).isEqualTo(new CloseStatus(4000, "farewell"));
    }
  }

  @Test
  void theConnectHandlerCanRefuseAConnection() throws Exception {

    try (TestClient client = TestClient.connect(port, "/ws/chat/forbidden/")) {
      assertThat(client.closeStatus().getCode()).isEqualTo(CloseStatus.POLICY_VIOLATION.getCode());
    }
  }

  static Stream<String> roomsMakingInvalidGroupNames() {
    return Stream.of("é", "r".repeat(101));
  }

  @ParameterizedTest
  @MethodSource("roomsMakingInvalidGroupNames")
  void aRoomWhoseGroupNameTheLayerRefusesIsClosedWith1008AndLeavesNothingBehind(String room)
      throws Exception {
    String path = "/ws/chat/" + URLEncoder.encode(room, StandardCharsets.UTF_8) + "/";
    try (TestClient client = TestClient.connect(port, path)) {
      assertThat(client.closeStatus().getCode()).isEqualTo(CloseStatus.POLICY_VIOLATION.getCode());
    }

    // Every test here closes its clients, so every session ends, the refused one too.
    Awaitility.await().untilAsserted(() -> assertThat(endpoints.liveSessions()).isEmpty());
    assertThat(layer.snapshot().join().groups()).doesNotContainKey("chat_" + room);
  }

  @Test
  void aMessageSentToAConnectionsChannelReachesThatConnection() throws Exception {
    try (TestClient receiver = TestClient.connect(port, "/ws/direct/");
        TestClient sender = TestClient.connect(port, "/ws/direct/")) {
      String channel = JSON.readTree(receiver.nextText()).get("channel").asString();
      sender.nextText(); // its own channel name

      sender.send("{\"to\": \"" + channel + "\", \"message\": \"just for you\"}");

      assertThat(receiver.nextText()).isEqualTo("{\"message\":\"just for you\"}");
    }
  }

  @Test
  void aBinaryHandlerCanTakeTheFrameAsAReadOnlyByteBuffer() throws Exception {
    try (TestClient client = TestClient.connect(port, "/ws/direct/")) {
      client.nextText(); // its channel name

      client.sendBinary(new byte[] {1, 2, 3, 4, 5});

      assertThat(client.nextText()).isEqualTo("read-only true, 5 bytes");
    }
  }

  @Test
  void disconnectingLeavesTheGroupsAndRunsTheDisconnectHandler() throws Exception {
    TestClient client = TestClient.connect(port, "/ws/chat/leaving/");
    awaitMembers("chat_leaving", 1);

    client.close();

    Awaitility.await().untilAsserted(() -> assertThat(membersOf("chat_leaving")).isZero());
    assertThat(chat.disconnects.values()).anyMatch(status -> status.getCode() == 1000);
  }

  @Test
  void binaryFramesReachTheBinaryHandler() throws Exception {
    try (TestClient client = TestClient.connect(port, "/ws/chat/binary/")) {
      client.sendBinary(new byte[] {1, 2, 3});

      assertThat(client.nextBinary()).containsExactly(1, 2, 3);
    }
  }

  @Test
  void aPrototypeConsumerGetsAnInstancePerConnection() throws Exception {
    try (TestClient first = TestClient.connect(port, "/ws/counter/");
        TestClient second = TestClient.connect(port, "/ws/counter/")) {
      first.send("a");
      first.send("b");
      second.send("c");

      assertThat(first.nextText()).isEqualTo("1");
      assertThat(first.nextText()).isEqualTo("2");
      assertThat(second.nextText()).isEqualTo("1");
    }
  }

  @Test
  void aClientFromAnotherOriginIsRefused() {
    assertThatThrownBy(() -> TestClient.connect(port, "/ws/chat/lobby/", "http://evil.example"))
        .hasStackTraceContaining("403");
  }

  @Test
  void aClientFromTheSameOriginIsAccepted() throws Exception {
    try (TestClient client =
        TestClient.connect(port, "/ws/chat/origin/", "http://localhost:" + port)) {
      assertThat(client.isOpen()).isTrue();
    }
  }

  private void awaitMembers(String group, int members) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(membersOf(group)).isEqualTo(members));
  }

  /** Members of {@code group}, counted by how many channels one group send reaches. */
  private long membersOf(String group) {
    long before = layer.stats().sent();
    layer.blocking().groupSend(group, Message.of("test.census"));
    return layer.stats().sent() - before;
  }

  @Test
  void sendingInOnConnectBeforeAcceptingClosesWith1011SayingWhy() throws Exception {
    try (TestClient client = TestClient.connect(port, "/ws/eager/")) {
      CloseStatus status = client.closeStatus();

      assertThat(status.getCode()).isEqualTo(CloseStatus.SERVER_ERROR.getCode());
      assertThat(status.getReason()).isEqualTo("sent before accept()");
    }
  }
}
