package dev.channels.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Two people in one room, each in their own browser, on the in-memory default. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChatBrowserTest {

  @LocalServerPort int port;

  @Test
  void aMessageTypedInOnePageAppearsInTheOtherPageOfTheRoom() throws Exception {
    try (Browser alice = new Browser();
        Browser bob = new Browser();
        Browser carol = new Browser()) {
      alice.open("http://localhost:" + port + "/");
      alice.enterRoom("lobby");
      assertThat(alice.currentPath()).isEqualTo("/chat/lobby/");
      bob.open("http://localhost:" + port + "/chat/lobby/");
      bob.awaitConnected();
      carol.open("http://localhost:" + port + "/chat/kitchen/");
      carol.awaitConnected();

      alice.say("Hello from Alice");
      // Bob answers once he has read Alice: two messages sent at once may arrive in either order.
      bob.awaitInLog("Hello from Alice");
      bob.say("Hi Alice, Bob here");

      assertThat(bob.awaitInLog("Hi Alice, Bob here"))
          .isEqualTo("Hello from Alice\nHi Alice, Bob here\n");
      assertThat(alice.awaitInLog("Hi Alice, Bob here"))
          .isEqualTo("Hello from Alice\nHi Alice, Bob here\n");
      carol.say("Anyone in the kitchen?");
      assertThat(carol.awaitInLog("Anyone in the kitchen?")).isEqualTo("Anyone in the kitchen?\n");
    }
  }
}
