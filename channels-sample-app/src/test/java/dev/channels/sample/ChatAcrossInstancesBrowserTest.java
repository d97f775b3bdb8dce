package dev.channels.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.redis.testing.RedisServers;
import dev.channels.test.TestNames;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of the sample app on one Redis, as a deployment behind a load balancer: two people
 * in one room, each served by a different instance, see each other's messages.
 */
class ChatAcrossInstancesBrowserTest {

  private final String prefix = TestNames.unique("sample") + ":";

  private ConfigurableApplicationContext instance() {
    return new SpringApplicationBuilder(ChatApplication.class)
        .run(
            "--server.port=0",
            "--channels.layers.default.backend=redis",
            "--channels.layers.default.prefix=" + prefix,
            "--spring.data.redis.url=" + RedisServers.url());
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  @Test
  void peopleInOneRoomOnDifferentInstancesSeeEachOthersMessages() throws Exception {
    try (ConfigurableApplicationContext first = instance();
        ConfigurableApplicationContext second = instance();
        Browser alice = new Browser();
        Browser bob = new Browser()) {
      alice.open("http://localhost:" + port(first) + "/chat/lobby/");
      alice.awaitConnected();
      bob.open("http://localhost:" + port(second) + "/chat/lobby/");
      bob.awaitConnected();

      alice.say("Hello from instance one");
      // Bob answers once he has read Alice: two messages sent at once may arrive in either order.
      bob.awaitInLog("Hello from instance one");
      bob.say("Hello from instance two");

      String both = "Hello from instance one\nHello from instance two\n";
      assertThat(bob.awaitInLog("Hello from instance two")).isEqualTo(both);
      assertThat(alice.awaitInLog("Hello from instance two")).isEqualTo(both);
    }
  }
}
