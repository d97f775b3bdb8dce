package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;

/** How often a kind of handler failure reaches the log, on a clock the test moves. */
@ExtendWith(OutputCaptureExtension.class)
class HandlerErrorsTest {

  private final AtomicLong now = new AtomicLong();
  private final HandlerErrors errors = new HandlerErrors(now::get);
  private final JsonBinder json = new JsonBinder(JsonMapper.builder().build());
  private final ConsumerDefinition chat =
      ConsumerDefinition.of("chat", TestConsumers.Chat.class, json);
  private final HandlerMethod handler = chat.forMessageType("test.fail");

  @Test
  void theFirstFailureOfAKindIsLoggedWholeAndTheRestSummedUpOnceAMinute(CapturedOutput output) {
    for (int i = 0; i < 1000; i++) {
      errors.report(chat.type, handler, "session s" + i, new IllegalStateException("bad " + i));
    }
    assertThat(output.getAll())
        .containsOnlyOnce("failed in session s0")
        .doesNotContain("more times");

    now.addAndGet(HandlerErrors.SUMMARY_INTERVAL.toNanos());
    errors.report(chat.type, handler, "session s1000", new IllegalStateException("bad 1000"));

    assertThat(output.getAll())
        .contains(
            "Chat.fail() failed 1000 more times with IllegalStateException in the last 60 s; the"
                + " last, in session s1000: bad 1000.")
        .containsOnlyOnce("java.lang.IllegalStateException: bad 0");
    assertThat(errors.counts().values())
        .singleElement()
        .extracting(LongAdder::sum)
        .isEqualTo(1001L);
  }

  @Test
  void anotherExceptionTypeIsAnotherKindLoggedWholeOnItsFirstTime(CapturedOutput output) {
    errors.report(chat.type, handler, "session a", new IllegalStateException("one"));
    errors.report(chat.type, handler, "session b", new IllegalArgumentException("two"));

    assertThat(output.getAll())
        .contains("java.lang.IllegalStateException: one")
        .contains("java.lang.IllegalArgumentException: two");
    assertThat(errors.counts()).hasSize(2);
  }
}
