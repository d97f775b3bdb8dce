package dev.channels.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.redis.testing.RedisServers;
import dev.channels.test.TestNames;
import java.nio.charset.StandardCharsets;
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

  @Test
  void peopleInOneRoomOnDifferentInstancesSeeWhoIsThere() throws Exception {
    try (ConfigurableApplicationContext first = instance();
        ConfigurableApplicationContext second = instance();
        Browser alice = new Browser()) {
      alice.open("http://localhost:" + port(first) + "/chat/lobby/?name=Alice");
      alice.awaitConnected();
      alice.awaitPresent("Alice");
      try (Browser bob = new Browser()) {
        bob.open("http://localhost:" + port(second) + "/chat/lobby/?name=Bob");
        bob.awaitConnected();

        bob.awaitPresent("Alice", "Bob");
        alice.awaitPresent("Alice", "Bob");
      }

      alice.awaitPresent("Alice");
    }
  }

  /**
   * The sample's worker, from a Django shell: {@code channel_layer.send("chat-announce", ...)} on
   * the same Redis appears in the browser of everyone in the room.
   */
  @Test
  void anAnnouncementADjangoShellSendsToTheWorkerChannelAppearsInTheRoom() throws Exception {
    try (ConfigurableApplicationContext app = instance();
        Browser alice = new Browser()) {
      alice.open("http://localhost:" + port(app) + "/chat/lobby/");
      alice.awaitConnected();

      djangoShell(
          "async_to_sync(get_channel_layer().send)('chat-announce', {'type': 'announce.message',"
              + " 'room': 'lobby', 'message': 'Hello from Django'})");

      assertThat(alice.awaitInLog("Hello from Django")).isEqualTo("Hello from Django\n");
    }
  }

  // What a Django developer types into `manage.py shell`, with this Redis and prefix configured.
  private void djangoShell(String statement) throws Exception {
    String script =
        String.join(
            "\n",
            "import django",
            "from django.conf import settings",
            "settings.configure(INSTALLED_APPS=['channels'], CHANNEL_LAYERS={'default': {'BACKEND':"
                + " 'channels_redis.core.RedisChannelLayer', 'CONFIG': {'hosts': ['"
                + RedisServers.url()
                + "'], 'prefix': '"
                + prefix
                + "'}}})",
            "django.setup()",
            "from asgiref.sync import async_to_sync",
            "from channels.layers import get_channel_layer",
            statement);
    Process python =
        new ProcessBuilder("/usr/bin/python3", "-c", script).redirectErrorStream(true).start();
    String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor()).as("the Django shell's exit status; it said: %s", output).isZero();
  }
}
