package dev.channels.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.InvalidNameException;
import org.junit.jupiter.api.Test;

class NamesTest {

  @Test
  void theNonLocalNameRunsUpToAndIncludingTheBang() {
    assertThat(Names.nonLocalName("specific.abc!def")).isEqualTo("specific.abc!");
    assertThat(Names.nonLocalName("specific.abc!")).isEqualTo("specific.abc!");
    assertThat(Names.nonLocalName("http.request")).isEqualTo("http.request");
  }

  @Test
  void aChannelIsProcessLocalWhenItHoldsABang() {
    assertThat(Names.isProcessLocal("specific.abc!def")).isTrue();
    assertThat(Names.isProcessLocal("http.request")).isFalse();
  }

  @Test
  void anInvalidCharacterIsNamedWithItsPosition() {
    assertThatThrownBy(() -> Names.requireValidGroup("chat room"))
        .isInstanceOf(InvalidNameException.class)
        .hasMessage(
            "Group name 'chat room' is invalid: ' ' is not allowed at index 4; group names are 1 to"
                + " 100 ASCII letters, digits, hyphens, underscores or periods.");
  }

  @Test
  void anInvisibleCharacterIsShownAsItsCodePoint() {
    assertThatThrownBy(() -> Names.requireValidChannel("tab\there"))
        .hasMessageContaining("U+0009 is not allowed at index 3");
  }

  @Test
  void aTooLongNameReportsItsLength() {
    assertThatThrownBy(() -> Names.requireValidChannel("x".repeat(101)))
        .hasMessageContaining("it has 101 characters");
  }
}
