package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChannelLayerSettingsTest {

  @Test
  void defaultsAreDjangos() {
    ChannelLayerSettings defaults = ChannelLayerSettings.defaults();

    assertThat(defaults.expiry()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.groupExpiry()).isEqualTo(Duration.ofDays(1));
    assertThat(defaults.capacity()).isEqualTo(100);
    assertThat(defaults.channelCapacity()).isEmpty();
    assertThat(defaults.maxMessageSize()).isEqualTo(1024 * 1024);
  }

  @Test
  void capacityOfUsesTheFirstMatchingGlob() {
    ChannelLayerSettings settings =
        ChannelLayerSettings.builder()
            .channelCapacity("http.request", 200)
            .channelCapacity("websocket.send*", 20)
            .channelCapacity("*", 50)
            .build();

    assertThat(settings.capacityOf("http.request")).isEqualTo(200);
    assertThat(settings.capacityOf("websocket.send!abc")).isEqualTo(20);
    assertThat(settings.capacityOf("other")).isEqualTo(50);
  }

  @Test
  void aCapacityGlobWithAnEmptyRangeMatchesNothingAsInPython() {
    ChannelLayerSettings settings =
        ChannelLayerSettings.builder()
            .channelCapacity("log.[z-a]", 5)
            .channelCapacity("log.[!z-a]", 7)
            .build();

    assertThat(settings.capacityOf("log.z")).isEqualTo(7);
    assertThat(settings.capacityOf("log.zz")).isEqualTo(100);
  }

  @Test
  void aNonPositiveDurationIsRefusedByName() {
    assertThatThrownBy(() -> ChannelLayerSettings.builder().groupExpiry(Duration.ZERO).build())
        .isInstanceOfSatisfying(
            InvalidSettingsException.class, e -> assertThat(e.setting()).isEqualTo("group-expiry"))
        .hasMessage("group-expiry must be a positive duration, such as 60s, but was PT0S.");
  }

  @Test
  void aCapacityBelowOneIsRefusedByName() {
    assertThatThrownBy(() -> ChannelLayerSettings.builder().capacity(0).build())
        .hasMessageStartingWith("capacity must be at least 1, but was 0");
    assertThatThrownBy(() -> ChannelLayerSettings.builder().channelCapacity("ws.*", -1).build())
        .hasMessageStartingWith("channel-capacity[ws.*] must be at least 1");
    assertThatThrownBy(() -> ChannelLayerSettings.builder().maxMessageSize(0).build())
        .hasMessageStartingWith("max-message-size must be at least 1 byte");
  }

  @Test
  void toBuilderKeepsEverySetting() {
    ChannelLayerSettings settings =
        ChannelLayerSettings.builder()
            .expiry(Duration.ofSeconds(5))
            .capacity(7)
            .channelCapacity("a*", 3)
            .maxMessageSize(2048)
            .build();

    assertThat(settings.toBuilder().build()).isEqualTo(settings);
  }
}
