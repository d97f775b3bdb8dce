package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.Message;
import dev.channels.spring.ChannelConsumer;
import dev.channels.spring.ChannelHandler;
import dev.channels.spring.ConsumerSession;
import dev.channels.spring.OnBinary;
import dev.channels.spring.OnConnect;
import dev.channels.spring.OnText;
import dev.channels.spring.PresenceKey;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.PathVariable;
import tools.jackson.databind.json.JsonMapper;

/** Mistakes in a consumer class stop startup with a message that names the method. */
class ConsumerDefinitionTest {

  private final JsonBinder json = new JsonBinder(JsonMapper.builder().build());

  @ChannelConsumer(
      path = "/ws/room/{room}/",
      groups = {"room_{room}", "everyone"})
  static class Valid {
    @ChannelHandler({"a.one", "a.two"})
    void both(ConsumerSession session, Message message) {}

    @OnText
    void text(String text, @PathVariable String room) {}
  }

  @Test
  void readsHandlersByTypeAndExpandsGroupTemplates() {
    ConsumerDefinition definition = ConsumerDefinition.of("valid", Valid.class, json);

    assertThat(definition.messageTypes()).containsExactly("a.one", "a.two");
    assertThat(definition.lifecycle(HandlerKind.TEXT)).isNotNull();
    assertThat(definition.groupsFor(Map.of("room", "lobby")))
        .containsExactly("room_lobby", "everyone");
  }

  @ChannelConsumer("/ws/x/")
  static class TwoHandlersForOneType {
    @ChannelHandler("chat.message")
    void first() {}

    @ChannelHandler("chat.message")
    void second() {}
  }

  @Test
  void twoHandlersForOneTypeAreRefused() {
    assertThatThrownBy(() -> ConsumerDefinition.of("x", TwoHandlersForOneType.class, json))
        .isInstanceOf(ConsumerDefinitionException.class)
        .hasMessageContaining(
            "TwoHandlersForOneType has two @ChannelHandler(\"chat.message\") methods")
        .hasMessageContaining("keep one");
  }

  @ChannelConsumer("/ws/x/")
  static class ReturnsAValue {
    @OnText
    String reply(String text) {
      return text;
    }
  }

  @Test
  void aHandlerThatReturnsAValueIsRefused() {
    assertThatThrownBy(() -> ConsumerDefinition.of("x", ReturnsAValue.class, json))
        .hasMessageContaining("ReturnsAValue.reply() returns String")
        .hasMessageContaining("return void, or a CompletionStage");
  }

  @ChannelConsumer("/ws/x/{room}/")
  static class UnknownPathVariable {
    @OnConnect
    void connect(@PathVariable("rooom") String room) {}
  }

  @Test
  void anUnknownPathVariableIsRefused() {
    assertThatThrownBy(() -> ConsumerDefinition.of("x", UnknownPathVariable.class, json))
        .hasMessageContaining("asks for path variable 'rooom'")
        .hasMessageContaining("[room]");
  }

  @ChannelConsumer(path = "/ws/x/{room}/", groups = "chat_{name}")
  static class UnknownGroupVariable {}

  @Test
  void aGroupTemplateWithAnUnknownVariableIsRefused() {
    assertThatThrownBy(() -> ConsumerDefinition.of("x", UnknownGroupVariable.class, json))
        .hasMessageContaining("joins group 'chat_{name}'")
        .hasMessageContaining("no variable 'name'");
  }

  @ChannelConsumer(
      path = {"/ws/chat/{room}/", "/ws/lobby/"},
      groups = "chat_{room}")
  static class GroupVariableMissingFromOnePath {}

  @Test
  void aGroupVariableMustBeInEveryPathNotJustOne() {
    assertThatThrownBy(
            () -> ConsumerDefinition.of("x", GroupVariableMissingFromOnePath.class, json))
        .isInstanceOf(ConsumerDefinitionException.class)
        .hasMessage(
            "@ChannelConsumer GroupVariableMissingFromOnePath joins group 'chat_{room}', but its"
                + " path '/ws/lobby/' has no variable 'room'.")
        .extracting(e -> ((ConsumerDefinitionException) e).action())
        .isEqualTo(
            "Declare {room} in every path of GroupVariableMissingFromOnePath, or take it out of the"
                + " group's name.");
  }

  @ChannelConsumer(
      path = {"/ws/chat/{room}/", "/ws/team/{team}/{room}/"},
      groups = "chat_{room}")
  static class GroupVariableInEveryPath {}

  @Test
  void aGroupVariableInEveryPathIsFilledFromTheOneMatched() {
    ConsumerDefinition definition =
        ConsumerDefinition.of("x", GroupVariableInEveryPath.class, json);

    assertThat(definition.groupsFor(Map.of("team", "red", "room", "lobby")))
        .containsExactly("chat_lobby");
  }

  @ChannelConsumer("/ws/x/")
  static class UnresolvableParameter {
    @OnBinary
    void binary(String text) {}
  }

  @Test
  void aParameterThatCannotBeResolvedIsRefusedWithTheChoices() {
    assertThatThrownBy(() -> ConsumerDefinition.of("x", UnresolvableParameter.class, json))
        .hasMessageContaining("Parameter 0 (java.lang.String) of UnresolvableParameter.binary()")
        .hasMessageContaining("the frame as byte[] or ByteBuffer");
  }

  @ChannelConsumer
  static class NoPath {}

  @Test
  void aConsumerWithoutAPathIsRefused() {
    assertThatThrownBy(() -> ConsumerDefinition.of("x", NoPath.class, json))
        .hasMessageContaining("declares no path");
  }

  @ChannelConsumer(path = "/ws/{room}/", groups = "chat room {room}")
  static class GroupNameWithASpace {}

  @Test
  void aGroupWhoseLiteralPartTheLayerRefusesStopsStartup() {
    assertThatThrownBy(() -> ConsumerDefinition.of("x", GroupNameWithASpace.class, json))
        .isInstanceOf(ConsumerDefinitionException.class)
        .hasMessageContaining(
            "GroupNameWithASpace joins group 'chat room {room}', which no connection could join")
        .hasMessageContaining("' ' is not allowed");
  }

  interface Shape {}

  @ChannelConsumer("/ws/shapes/")
  static class UnbindableParameter {
    @ChannelHandler("shape.drawn")
    void drawn(Shape shape) {}
  }

  @Test
  void aHandlerParameterNoMessageCanBeBoundToStopsStartup() {
    assertThatThrownBy(() -> ConsumerDefinition.of("x", UnbindableParameter.class, json))
        .isInstanceOf(ConsumerDefinitionException.class)
        .hasMessageContaining(
            "UnbindableParameter.drawn() takes Shape, which Jackson cannot make from a channel message's fields")
        .extracting(e -> ((ConsumerDefinitionException) e).action())
        .asString()
        .contains("take the Message itself");
  }

  record Said(String text) {}

  @ChannelConsumer("/ws/said/")
  static class RecordParameters {
    @ChannelHandler("said")
    void said(Said said) {}

    @OnText
    void text(Said said) {}
  }

  @Test
  void aRecordIsBindableFromMessagesAndFrames() {
    assertThat(ConsumerDefinition.of("x", RecordParameters.class, json).messageTypes())
        .containsExactly("said");
  }

  @ChannelConsumer(path = "/ws/{room}/")
  static class PresenceKeyWithoutPresence {
    @PresenceKey
    String key() {
      return "x";
    }
  }

  @Test
  void aPresenceKeyMethodWithoutPresenceGroupsIsRefused() {
    assertThatThrownBy(() -> ConsumerDefinition.of("x", PresenceKeyWithoutPresence.class, json))
        .isInstanceOf(ConsumerDefinitionException.class)
        .hasMessageContaining("@PresenceKey")
        .hasMessageContaining("declares no presence groups");
  }

  @ChannelConsumer(path = "/ws/{room}/", presence = "room_{rooom}")
  static class UnknownPresenceVariable {}

  @Test
  void aPresenceGroupWithAnUnknownVariableIsRefused() {
    assertThatThrownBy(() -> ConsumerDefinition.of("x", UnknownPresenceVariable.class, json))
        .isInstanceOf(ConsumerDefinitionException.class)
        .hasMessageContaining("is present in group 'room_{rooom}'");
  }

  @ChannelConsumer(path = "/ws/{room}/", presence = "room_{room}")
  static class PresenceByUser {
    @ChannelHandler("presence.leave")
    void left(Message event) {}
  }

  @Test
  void readsPresenceGroupsAndSubscribesWhenAHandlerTakesPresenceEvents() {
    ConsumerDefinition definition = ConsumerDefinition.of("x", PresenceByUser.class, json);

    assertThat(definition.presenceGroupsFor(Map.of("room", "lobby"))).containsExactly("room_lobby");
    assertThat(definition.subscribesToPresence()).isTrue();
    assertThat(definition.presenceKey().describe()).isEqualTo("the authenticated user");
  }
}
