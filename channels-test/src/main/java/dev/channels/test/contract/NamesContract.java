package dev.channels.test.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.InvalidNameException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Channel and group names: the valid ones work, the invalid ones are refused at once with the rule.
 */
public abstract class NamesContract extends LayerContractSupport {

  static Stream<String> validChannelNames() {
    return Stream.of(
        "a",
        "http.request",
        "Az09-_.",
        "websocket.send!abc123",
        "specific.x!",
        "single.reader?only",
        "c".repeat(100));
  }

  static Stream<String> invalidChannelNames() {
    return Stream.of(
        "",
        " ",
        "has space",
        "ünïcode",
        "two!bangs!here",
        "!leading.bang",
        "?leading.mark",
        "two?marks?here",
        "local!part?mark",
        "slash/ed",
        "colon:ed",
        "tab\there",
        "c".repeat(101));
  }

  static Stream<String> validGroupNames() {
    return Stream.of("chat_lobby", "g-1.x", "G".repeat(100));
  }

  static Stream<String> invalidGroupNames() {
    return Stream.of("", "has space", "bang!", "mark?", "chat/1", "é", "G".repeat(101));
  }

  @ParameterizedTest
  @MethodSource("validChannelNames")
  void acceptsValidChannelNames(String name) {
    await(layer.send(name, chat("valid")));
    assertThat(await(layer.receive(name))).isEqualTo(chat("valid"));
    await(layer.groupAdd("test_group", name));
    await(layer.groupDiscard("test_group", name));
  }

  @ParameterizedTest
  @MethodSource("invalidChannelNames")
  void refusesInvalidChannelNamesAtOnceWithTheRule(String name) {
    List<Runnable> calls =
        List.of(
            () -> layer.send(name, chat("x")),
            () -> layer.receive(name),
            () -> layer.groupAdd("test_group", name),
            () -> layer.groupDiscard("test_group", name));
    for (Runnable call : calls) {
      assertThatThrownBy(call::run)
          .isInstanceOf(InvalidNameException.class)
          .hasMessageStartingWith("Channel name")
          .hasMessageContaining(name.isEmpty() ? "empty" : name)
          .hasMessageContaining("ASCII letters, digits, hyphens, underscores or periods");
    }
  }

  @ParameterizedTest
  @MethodSource("validGroupNames")
  void acceptsValidGroupNames(String group) {
    await(layer.groupAdd(group, "test.member"));
    await(layer.groupSend(group, chat("valid")));
    await(layer.groupDiscard(group, "test.member"));

    assertThat(await(layer.receive("test.member"))).isEqualTo(chat("valid"));
  }

  @ParameterizedTest
  @MethodSource("invalidGroupNames")
  void refusesInvalidGroupNamesAtOnceWithTheRule(String group) {
    List<Runnable> calls =
        List.of(
            () -> layer.groupAdd(group, "test.member"),
            () -> layer.groupDiscard(group, "test.member"),
            () -> layer.groupSend(group, chat("x")));
    for (Runnable call : calls) {
      assertThatThrownBy(call::run)
          .isInstanceOf(InvalidNameException.class)
          .hasMessageStartingWith("Group name")
          .hasMessageContaining("group names are 1 to 100 ASCII letters");
    }
  }
}
