package dev.channels.spring.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Origins configured explicitly, by name and by pattern: those connect, others are refused. */
@SpringBootTest(
    classes = TestConsumers.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "channels.websocket.allowed-origins=https://chat.example.com",
      "channels.websocket.allowed-origin-patterns=https://*.example.org"
    })
class AllowedOriginsTest {

  @LocalServerPort int port;

  @Test
  void aConfiguredOriginIsAccepted() throws Exception {
    try (TestClient client = TestClient.connect(port, "/ws/counter/", "https://chat.example.com")) {
      client.send("hello");
      assertThat(client.nextText()).isEqualTo("1");
    }
  }

  @Test
  void anOriginMatchingAConfiguredPatternIsAccepted() throws Exception {
    try (TestClient client = TestClient.connect(port, "/ws/counter/", "https://eu.example.org")) {
      client.send("hello");
      assertThat(client.nextText()).isEqualTo("1");
    }
  }

  @Test
  void anyOtherOriginIsRefusedAtTheHandshake() {
    assertThatThrownBy(() -> TestClient.connect(port, "/ws/counter/", "https://evil.example"))
        .hasStackTraceContaining("403");
    assertThatThrownBy(() -> TestClient.connect(port, "/ws/counter/", "http://eu.example.org"))
        .hasStackTraceContaining("403");
  }

  @Test
  void theApplicationsOwnOriginStaysAllowed() throws Exception {
    try (TestClient client = TestClient.connect(port, "/ws/counter/", "http://localhost:" + port)) {
      client.send("hello");
      assertThat(client.nextText()).isEqualTo("1");
    }
  }
}
