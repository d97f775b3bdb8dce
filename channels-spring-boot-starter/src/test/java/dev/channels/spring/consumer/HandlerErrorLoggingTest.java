package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import dev.channels.spring.ChannelConsumer;
import dev.channels.spring.ChannelHandler;
import dev.channels.spring.ConsumerSession;
import dev.channels.spring.OnText;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * One client's bad input fails a handler in every member of a room, for every message: the log gets
 * one stack trace for that kind of failure, not one per member and message, and the meter counts
 * every one of them.
 */
@SpringBootTest(
    classes = HandlerErrorLoggingTest.Consumers.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class HandlerErrorLoggingTest {

  private static final int MEMBERS = 20;
  private static final int BAD_MESSAGES = 10;

  @LocalServerPort int port;
  @Autowired ChannelLayer layer;
  @Autowired MeterRegistry meters;

  @Test
  void aHandlerFailingForEveryMemberAndMessageIsLoggedOnceAndCountedEveryTime(CapturedOutput output)
      throws Exception {
    List<TestClient> members = new ArrayList<>();
    try {
      for (int i = 0; i < MEMBERS; i++) {
        members.add(TestClient.connect(port, "/ws/fragile/"));
      }
      Awaitility.await()
          .until(() -> layer.snapshot().join().groups().getOrDefault("fragile", 0) == MEMBERS);

      for (int i = 0; i < BAD_MESSAGES; i++) {
        members.get(0).send("{}");
      }

      Awaitility.await().until(() -> errors() == MEMBERS * BAD_MESSAGES);
      assertThat(occurrences(output.getAll(), "Fragile.show() failed in session"))
          .as("lines about the failure")
          .isEqualTo(1);
      assertThat(occurrences(output.getAll(), "java.lang.IllegalArgumentException: no text"))
          .as("stack traces")
          .isEqualTo(1);
    } finally {
      for (TestClient member : members) {
        member.close();
      }
    }
  }

  private double errors() {
    return meters
        .find("channels.handler.errors")
        .tags("consumer", "Fragile", "exception", IllegalArgumentException.class.getName())
        .functionCounters()
        .stream()
        .mapToDouble(counter -> counter.count())
        .sum();
  }

  private static int occurrences(String text, String fragment) {
    Matcher matcher = Pattern.compile(Pattern.quote(fragment)).matcher(text);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Fragile.class)
  static class Consumers {}

  record Said(String text) {}

  /** Broadcasts what it is told; its channel handler refuses a message without text. */
  @ChannelConsumer(path = "/ws/fragile/", groups = "fragile")
  static class Fragile {

    @OnText
    void receive(ConsumerSession session, Said said) {
      session.groupSend("fragile", Message.of("fragile.show", "text", said.text()));
    }

    @ChannelHandler("fragile.show")
    void show(ConsumerSession session, Message message) {
      if (message.get("text") == null) {
        throw new IllegalArgumentException("no text");
      }
      session.sendText(String.valueOf(message.get("text")));
    }
  }
}
