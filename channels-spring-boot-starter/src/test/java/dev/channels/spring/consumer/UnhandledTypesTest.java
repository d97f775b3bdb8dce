package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;

@ExtendWith(OutputCaptureExtension.class)
class UnhandledTypesTest {

  private final ConsumerDefinition chat =
      ConsumerDefinition.of(
          "chat", TestConsumers.Chat.class, new JsonBinder(JsonMapper.builder().build()));
  private final UnhandledTypes unhandled = new UnhandledTypes();

  @Test
  void eachTypeIsWarnedOfOnce(CapturedOutput output) {
    unhandled.report(chat, "test.odd", "s1");
    unhandled.report(chat, "test.odd", "s2");
    unhandled.report(chat, "test.other", "s1");

    assertThat(warningsAbout("test.odd", output)).hasSize(1);
    assertThat(warningsAbout("test.other", output)).hasSize(1);
  }

  @Test
  void aSenderMakingUpTypesCannotGrowWhatIsRemembered() {
    for (int i = 0; i < UnhandledTypes.REMEMBERED + 100; i++) {
      unhandled.report(chat, "made.up." + i, "s1");
    }

    assertThat(unhandled.remembered()).isEqualTo(UnhandledTypes.REMEMBERED);
  }

  @Test
  void aTypeForgottenIsWarnedOfAgain(CapturedOutput output) {
    unhandled.report(chat, "test.first", "s1");
    for (int i = 0; i < UnhandledTypes.REMEMBERED; i++) {
      unhandled.report(chat, "made.up." + i, "s1");
    }
    unhandled.report(chat, "test.first", "s2");

    assertThat(warningsAbout("test.first", output)).hasSize(2);
  }

  private static List<String> warningsAbout(String type, CapturedOutput output) {
    return output
        .getOut()
        .lines()
        .filter(line -> line.contains(" WARN ") && line.contains("type '" + type + "'"))
        .toList();
  }
}
