package dev.channels.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.BlockingChannelLayer;
import dev.channels.ChannelLayer;
import dev.channels.ChannelLayerException;
import dev.channels.Message;
import dev.channels.Presence;
import dev.channels.spring.ChannelLayers;
import dev.channels.spring.actuate.ChannelsEndpoint.ChannelsDescriptor;
import dev.channels.spring.autoconfigure.ChannelLayerAutoConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

class ChannelsEndpointTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  ChannelLayerAutoConfiguration.class, ChannelsEndpointAutoConfiguration.class))
          .withPropertyValues(
              "management.endpoints.web.exposure.include=channels",
              "channels.layers.events.backend=in-memory");

  @Test
  void isThereOnlyWhenExposed() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                ChannelLayerAutoConfiguration.class, ChannelsEndpointAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean(ChannelsEndpoint.class));
  }

  @Test
  void isServedAtActuatorChannelsWithAnAliasSelector() {
    new WebApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                EndpointAutoConfiguration.class,
                WebEndpointAutoConfiguration.class,
                ChannelLayerAutoConfiguration.class,
                ChannelsEndpointAutoConfiguration.class))
        .withPropertyValues("management.endpoints.web.exposure.include=channels")
        .run(
            context -> {
              ExposableWebEndpoint endpoint =
                  context.getBean(WebEndpointsSupplier.class).getEndpoints().stream()
                      .filter(candidate -> candidate.getEndpointId().toString().equals("channels"))
                      .findFirst()
                      .orElseThrow();
              assertThat(endpoint.getOperations())
                  .extracting(operation -> operation.getRequestPredicate().getPath())
                  .containsExactlyInAnyOrder(
                      "channels",
                      "channels/{alias}",
                      "channels/{alias}/{group}",
                      "channels/{alias}/{group}/{after}");
            });
  }

  @Test
  void listsGroupsWithTheirMembersAndChannelsWithTheirUnreadMessages() {
    runner.run(
        context -> {
          ChannelLayer layer = context.getBean(ChannelLayer.class);
          String first = layer.newChannel();
          String second = layer.newChannel();
          BlockingChannelLayer blocking = layer.blocking();
          blocking.groupAdd("room", first);
          blocking.groupAdd("room", second);
          blocking.send(first, Message.of("test.one"));
          blocking.send(first, Message.of("test.two"));

          ChannelsDescriptor all = context.getBean(ChannelsEndpoint.class).layers();

          assertThat(all.layers()).containsOnlyKeys("default", "events");
          LayerDescriptor described = all.layers().get("default");
          assertThat(described.backend()).isEqualTo("in-memory");
          assertThat(described.error()).isNull();
          assertThat(described.snapshot().groups()).isEqualTo(Map.of("room", 2));
          assertThat(described.snapshot().channels()).isEqualTo(Map.of(first, 2));
          assertThat(described.stats().sent()).isEqualTo(2);
          assertThat(described.stats().dropped())
              .containsExactly(
                  Map.entry("capacity", 0L),
                  Map.entry("expired", 0L),
                  Map.entry("malformed", 0L),
                  Map.entry("misrouted", 0L),
                  Map.entry("unusable", 0L));
          assertThat(all.layers().get("events").snapshot().groups()).isEmpty();
        });
  }

  @Test
  void theSelectorDescribesOneAlias() {
    runner.run(
        context -> {
          ChannelLayer events = context.getBean(ChannelLayers.class).get("events");
          String channel = events.newChannel();
          events.blocking().send(channel, Message.of("test.event"));
          events.blocking().receive(channel);

          LayerDescriptor described = context.getBean(ChannelsEndpoint.class).layer("events");

          assertThat(described).isNotNull();
          assertThat(described.stats().received()).isEqualTo(1);
          assertThat(described.stats().meanReceiveLagMillis()).isGreaterThanOrEqualTo(0);
        });
  }

  @Test
  void anUnknownAliasIsNotFound() {
    runner.run(
        context -> assertThat(context.getBean(ChannelsEndpoint.class).layer("missing")).isNull());
  }

  @Test
  void aLateSnapshotIsReportedInsteadOfWaitedFor() {
    ChannelsEndpoint endpoint =
        new ChannelsEndpoint(
            new ChannelLayers(Map.of("slow", ForeignLayer.hanging())),
            List.of(),
            Duration.ofMillis(100));

    LayerDescriptor described = endpoint.layers().layers().get("slow");

    assertThat(described.backend()).isEqualTo(ForeignLayer.class.getName());
    assertThat(described.snapshot()).isNull();
    assertThat(described.error())
        .startsWith("No snapshot within 100 ms")
        .contains("/actuator/health/channels");
  }

  @Test
  void aFailedSnapshotSaysWhy() {
    ChannelLayer broken =
        new ForeignLayer(
            () -> CompletableFuture.failedFuture(new ChannelLayerException("Redis is away")));
    ChannelsEndpoint endpoint =
        new ChannelsEndpoint(new ChannelLayers(Map.of("broken", broken)), List.of());

    LayerDescriptor described = endpoint.layer("broken");

    assertThat(described).isNotNull();
    assertThat(described.error()).isEqualTo("The snapshot failed: Redis is away");
  }

  @Test
  void itsAnswerIsPlainJson() {
    runner.run(
        context -> {
          ChannelLayer layer = context.getBean(ChannelLayer.class);
          layer.blocking().groupAdd("room", layer.newChannel());

          String json =
              JsonMapper.builder()
                  .build()
                  .writeValueAsString(context.getBean(ChannelsEndpoint.class).layer("default"));

          assertThat(json)
              .contains("\"backend\":\"in-memory\"")
              .contains("\"groups\":{\"room\":1}")
              .contains(
                  "\"dropped\":{\"capacity\":0,\"expired\":0,\"malformed\":0,\"misrouted\":0,\"unusable\":0}");
        });
  }

  @Test
  void showsAGroupsSizeAndItsPresenceAPageAtATime() {
    runner.run(
        context -> {
          ChannelLayer layer = context.getBean(ChannelLayers.class).get("events");
          for (int i = 0; i < 101; i++) {
            String channel = layer.newChannel();
            layer.groupAdd("room", channel).join();
            layer.presenceJoin("room", channel, "user%03d".formatted(i), Map.of()).join();
          }
          ChannelsEndpoint endpoint = context.getBean(ChannelsEndpoint.class);

          GroupDescriptor first = endpoint.group("events", "room");
          GroupDescriptor second = endpoint.groupPage("events", "room", first.next());

          assertThat(first.size()).isEqualTo(101);
          assertThat(first.presence()).hasSize(100);
          assertThat(second.presence()).extracting(Presence::key).containsExactly("user100");
          assertThat(second.next()).isNull();
          assertThat(endpoint.group("nowhere", "room")).isNull();
          assertThat(endpoint.groupPage("events", "room", "not a cursor").error())
              .contains("cursor");
        });
  }
}
