package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayer;
import dev.channels.Message;
import dev.channels.codec.MessagePackCodec;
import dev.channels.redis.autoconfigure.RedisChannelLayerAutoConfiguration;
import dev.channels.redis.testing.RedisServers;
import dev.channels.spring.ChannelHandler;
import dev.channels.spring.ChannelWorker;
import dev.channels.spring.autoconfigure.ChannelLayerAutoConfiguration;
import dev.channels.spring.autoconfigure.ChannelWorkerAutoConfiguration;
import dev.channels.test.TestNames;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Worker channels on Redis, across instances and across languages: instances of a Spring app share
 * a worker channel with each message handled once; a Django {@code channel_layer.send} is handled
 * by a Spring worker; a Spring send reaches a Django {@code runworker}.
 */
class RedisWorkerChannelsTest {

  private final String prefix = TestNames.unique("worker") + ":";
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  RedisChannelLayerAutoConfiguration.class,
                  ChannelLayerAutoConfiguration.class,
                  ChannelWorkerAutoConfiguration.class))
          .withUserConfiguration(Workers.class)
          .withPropertyValues(
              "channels.layers.default.backend=redis",
              "channels.layers.default.hosts[0]=" + RedisServers.url(),
              "channels.layers.default.prefix=" + prefix,
              // The first test sends 200 at once; on a busy machine the workers may not keep the
              // queue under the default capacity of 100, and a full channel is not what it tests.
              "channels.layers.default.channel-capacity.thumbnails=1000");

  @AfterEach
  void deleteTheKeys() {
    try (RedisChannelLayer cleaner =
        RedisChannelLayer.builder()
            .options(
                RedisLayerOptions.builder()
                    .hosts(List.of(RedisServers.url()))
                    .prefix(prefix)
                    .build())
            .build()) {
      cleaner.flush().join();
    }
  }

  @Test
  void twoInstancesShareAWorkerChannelAndHandleEachMessageOnce() {
    runner.run(
        first ->
            runner.run(
                second -> {
                  ChannelLayer layer = first.getBean(ChannelLayer.class);
                  for (int id = 0; id < 200; id++) {
                    layer.send("thumbnails", Message.of("thumbnails.generate", "id", id)).join();
                  }
                  Thumbnails one = first.getBean(Thumbnails.class);
                  Thumbnails other = second.getBean(Thumbnails.class);

                  Awaitility.await().until(() -> one.done.size() + other.done.size() == 200);
                  Map<Integer, Integer> all = new ConcurrentHashMap<>(one.done);
                  other.done.forEach((id, times) -> all.merge(id, times, Integer::sum));
                  assertThat(all).hasSize(200);
                  assertThat(all.values()).allMatch(times -> times == 1);
                  assertThat(one.done).as("handled by the first instance").isNotEmpty();
                  assertThat(other.done).as("handled by the second instance").isNotEmpty();
                }));
  }

  @Test
  void aDjangoSendToTheChannelIsHandledByASpringWorker() throws Exception {
    runner.run(
        context -> {
          byte[] request = MessagePackCodec.encode(Message.of("thumbnails.generate", "id", 42));
          DjangoPeer django =
              DjangoPeer.run(
                  RedisServers.url(),
                  prefix,
                  List.of(),
                  "send",
                  "thumbnails",
                  HexFormat.of().formatHex(request));
          try {
            Thumbnails thumbnails = context.getBean(Thumbnails.class);
            Awaitility.await().until(() -> thumbnails.done.containsKey(42));
            assertThat(thumbnails.done).containsEntry(42, 1);
          } finally {
            django.close();
          }
        });
  }

  @Test
  void aSpringSendToTheChannelReachesADjangoRunworker() throws Exception {
    ChannelLayer spring =
        RedisChannelLayer.builder()
            .options(
                RedisLayerOptions.builder()
                    .hosts(List.of(RedisServers.url()))
                    .prefix(prefix)
                    .build())
            .build();
    Process runworker = startDjangoRunworker();
    try {
      String replies = spring.newChannel();
      Message request =
          Message.builder("thumbnails.generate").put("id", 42).put("reply_to", replies).build();

      // The worker may still be starting; the request waits in the channel for it.
      spring.send("thumbnails", request).join();

      assertThat(spring.blocking().receive(replies, Duration.ofSeconds(30)))
          .as("the Django worker's answer")
          .contains(Message.builder("thumbnails.done").put("id", 42).put("by", "django").build());
    } finally {
      runworker.destroyForcibly();
      spring.close();
    }
  }

  private Process startDjangoRunworker() throws IOException {
    Path project = Files.createTempDirectory("workerpeer");
    Path dir = Files.createDirectory(project.resolve("workerpeer"));
    for (String file : List.of("__init__.py", "settings.py", "asgi.py", "consumers.py")) {
      try (InputStream in = getClass().getResourceAsStream("/interop/workerpeer/" + file)) {
        Files.write(dir.resolve(file), in.readAllBytes());
      }
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                "/usr/bin/python3",
                "-m",
                "django",
                "runworker",
                "thumbnails",
                "--settings=workerpeer.settings")
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(project.resolve("runworker.log").toFile());
    builder.environment().put("PYTHONPATH", project.toString());
    builder.environment().put("REDIS_URL", RedisServers.url());
    builder.environment().put("CHANNELS_PREFIX", prefix);
    if (!new File("/usr/bin/python3").canExecute()) {
      throw new AssertionError("Interop tests need Debian's python3 with python3-channels-redis");
    }
    return builder.start();
  }

  @Configuration(proxyBeanMethods = false)
  static class Workers {
    @Bean
    Thumbnails thumbnails() {
      return new Thumbnails();
    }
  }

  record Generate(int id) {}

  @ChannelWorker(value = "thumbnails", concurrency = 2)
  static class Thumbnails {
    final Map<Integer, Integer> done = new ConcurrentHashMap<>();

    @ChannelHandler("thumbnails.generate")
    void generate(Generate request) {
      done.merge(request.id(), 1, Integer::sum);
    }
  }
}
