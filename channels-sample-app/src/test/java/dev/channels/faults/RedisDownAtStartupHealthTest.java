package dev.channels.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.redis.testing.RedisServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The app starts while its Redis is down, serves HTTP, and says so at /actuator/health: component
 * channels DOWN, with the reason and address. Once Redis starts, the same URL turns UP.
 */
class RedisDownAtStartupHealthTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ConfigurableApplicationContext app;
  private RedisServers.Process redis;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    if (redis != null) {
      redis.kill();
    }
  }

  @Test
  void healthIsDownWithTheReasonWhileRedisIsAwayAndUpOnceItStarts() throws Exception {
    int redisPort = RedisServers.freePort();
    app =
        new SpringApplicationBuilder(RoomApplication.class)
            .run(
                "--server.port=0",
                "--channels.layers.default.backend=redis",
                "--channels.layers.default.hosts[0]=redis://127.0.0.1:" + redisPort + "/0",
                "--management.endpoint.health.show-details=always");
    URI health =
        URI.create(
            "http://localhost:"
                + ((WebServerApplicationContext) app).getWebServer().getPort()
                + "/actuator/health");

    HttpResponse<String> down = get(health);
    JsonNode channels = JSON.readTree(down.body()).path("components").path("channels");
    System.out.printf("Redis down at startup: HTTP %d %s%n", down.statusCode(), channels);
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(channels.path("status").asString()).isEqualTo("DOWN");
    JsonNode layer = channels.path("components").path("default");
    assertThat(layer.path("status").asString()).isEqualTo("DOWN");
    assertThat(layer.path("details").path("reason").asString())
        .contains("Redis is unreachable")
        .contains("keeps reconnecting");
    assertThat(layer.path("details").path("addresses").toString())
        .contains("redis://127.0.0.1:" + redisPort + "/0");

    redis = RedisServers.startOn(redisPort);
    long started = System.nanoTime();
    AtomicReference<HttpResponse<String>> up = new AtomicReference<>();
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> up.updateAndGet(previous -> get(health)).statusCode() == 200);
    long millis = (System.nanoTime() - started) / 1_000_000;
    JsonNode after = JSON.readTree(up.get().body()).path("components").path("channels");
    System.out.printf("Redis started -> health UP after %d ms: HTTP 200 %s%n", millis, after);
    assertThat(after.path("status").asString()).isEqualTo("UP");
    assertThat(after.path("components").path("default").path("status").asString()).isEqualTo("UP");
  }

  private static HttpResponse<String> get(URI uri) {
    try {
      return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("GET " + uri + " failed: " + e, e);
    }
  }
}
