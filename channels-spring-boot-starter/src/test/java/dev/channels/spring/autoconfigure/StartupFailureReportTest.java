package dev.channels.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.spring.ChannelConsumer;
import dev.channels.spring.OnText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;

/**
 * A misconfigured application stops with Spring Boot's startup failure report, written by the
 * analyzer that {@code META-INF/spring.factories} registers: these tests start real applications,
 * so the report proves the registration as well as the wording.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTest {

  @Test
  void aConsumerOnAnUnknownLayerAliasNamesTheConsumerTheAliasAndTheConfiguredOnes(
      CapturedOutput output) {
    assertThatThrownBy(() -> start(TypoApplication.class, "--channels.layers.events.capacity=5"))
        .hasRootCauseInstanceOf(dev.channels.spring.consumer.ConsumerDefinitionException.class);

    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains(
            "A channel consumer cannot be set up: @ChannelConsumer"
                + " dev.channels.spring.autoconfigure.StartupFailureReportTest$TypoConsumer (bean"
                + " 'dev.channels.spring.autoconfigure.StartupFailureReportTest$TypoConsumer') uses"
                + " the channel layer 'evnets', but no layer is configured under that alias; the"
                + " aliases are [default, events].")
        .contains(
            "Set @ChannelConsumer(layer = ...) on TypoConsumer to one of [default, events], or"
                + " configure the layer under channels.layers.evnets.");
  }

  @Test
  void aDurationThatIsNotOneNamesThePropertyAndTheFormsItTakes(CapturedOutput output) {
    assertThatThrownBy(() -> start(PlainApplication.class, "--channels.layers.default.expiry=abc"))
        .hasStackTraceContaining("'abc' is not a valid duration");

    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains(
            "Invalid Spring Channels configuration: channels.layers.default.expiry is 'abc', which"
                + " is not a duration such as 60s, 500ms or 2h (a bare number means seconds).")
        .contains(
            "Set channels.layers.default.expiry to a duration such as 60s, 500ms or 2h (a bare"
                + " number means seconds).");
  }

  @Test
  void anUnknownPolicyNamesThePropertyAndTheValidValues(CapturedOutput output) {
    assertThatThrownBy(
            () -> start(PlainApplication.class, "--channels.consumer.unhandled-type=foo"))
        .hasStackTraceContaining("No enum constant");

    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains(
            "Invalid Spring Channels configuration: channels.consumer.unhandled-type is 'foo',"
                + " which is not one of: log, close.")
        .contains("Set channels.consumer.unhandled-type to one of: log, close.");
  }

  private static void start(Class<?> application, String... args) {
    new SpringApplicationBuilder(application).run(append(args, "--server.port=0"));
  }

  private static String[] append(String[] args, String arg) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = arg;
    return all;
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class PlainApplication {}

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(TypoConsumer.class)
  static class TypoApplication {}

  @ChannelConsumer(path = "/ws/typo/", layer = "evnets")
  static class TypoConsumer {
    @OnText
    void receive(String text) {}
  }
}
