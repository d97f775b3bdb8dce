package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Message;
import dev.channels.Presence;
import dev.channels.redis.testing.RedisServers;
import dev.channels.test.TestNames;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A second JVM joins a group's presence and is killed with SIGKILL: it says no goodbye, and its
 * entry is gone, with a {@code presence.leave} for "timeout", once its heartbeat is older than the
 * presence timeout. Both instances run with a 2 s timeout (the default is 20 s), since time cannot
 * be moved across processes.
 */
class RedisKilledInstancePresenceTest {

  private static final long HEARTBEAT_MILLIS = 500;
  private static final long TIMEOUT_MILLIS = 2000;

  private final String prefix = TestNames.unique("killed") + ":";
  private final RedisChannelLayer survivor =
      RedisChannelLayer.builder()
          .settings(PresencePeer.settings(HEARTBEAT_MILLIS, TIMEOUT_MILLIS))
          .options(
              RedisLayerOptions.builder().hosts(List.of(RedisServers.url())).prefix(prefix).build())
          .build();
  private Process peer;

  @AfterEach
  void cleanUp() {
    if (peer != null) {
      peer.destroyForcibly();
    }
    survivor.flush().join();
    survivor.close();
  }

  @Test
  void theEntryOfAKilledJvmIsGoneWithALeaveForTimeout() throws Exception {
    String watcher = survivor.newChannel();
    survivor.presenceSubscribe("chat_room", watcher).join();
    peer = startPeer("chat_room", "bob");
    String bob = awaitJoined(peer);
    assertThat(survivor.blocking().receive(watcher, Duration.ofSeconds(20)).orElseThrow().type())
        .isEqualTo("presence.join");
    assertThat(survivor.presence("chat_room").join().items())
        .extracting(Presence::key)
        .containsExactly("bob");

    peer.destroyForcibly().waitFor(20, TimeUnit.SECONDS);

    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(survivor.presence("chat_room").join().items()).isEmpty());
    Message leave = survivor.blocking().receive(watcher, Duration.ofSeconds(20)).orElseThrow();
    assertThat(leave.type()).isEqualTo("presence.leave");
    assertThat(leave.asMap())
        .containsEntry("channel", bob)
        .containsEntry("key", "bob")
        .containsEntry("reason", "timeout");
  }

  private Process startPeer(String group, String key) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            PresencePeer.class.getName(),
            RedisServers.url(),
            prefix,
            group,
            key,
            Long.toString(HEARTBEAT_MILLIS),
            Long.toString(TIMEOUT_MILLIS))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static String awaitJoined(Process process) throws Exception {
    BufferedReader out = process.inputReader(StandardCharsets.UTF_8);
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("joined ")) {
        return line.substring("joined ".length());
      }
    }
    throw new AssertionError("The peer JVM ended before it joined; exit " + process.waitFor());
  }
}
