package dev.channels.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.LayerSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SnapshotCacheTest {

  private static final LayerSnapshot FIRST = new LayerSnapshot(Map.of("room", 1), Map.of());
  private static final LayerSnapshot SECOND = new LayerSnapshot(Map.of("room", 2), Map.of());

  private final List<CompletableFuture<LayerSnapshot>> requested = new ArrayList<>();

  private SnapshotCache cache(Duration maxAge) {
    return new SnapshotCache(
        () -> {
          CompletableFuture<LayerSnapshot> snapshot = new CompletableFuture<>();
          requested.add(snapshot);
          return snapshot;
        },
        Runnable::run,
        maxAge);
  }

  @Test
  void aReadReturnsAtOnceWhileTheSnapshotIsPending() {
    SnapshotCache cache = cache(Duration.ofSeconds(10));

    assertThat(cache.current()).isNull();
    assertThat(cache.current()).isNull();
    assertThat(requested).as("one snapshot at a time").hasSize(1);

    requested.get(0).complete(FIRST);
    assertThat(cache.current()).isEqualTo(FIRST);
  }

  @Test
  void aFreshSnapshotIsNotTakenAgain() {
    SnapshotCache cache = cache(Duration.ofSeconds(10));
    cache.current();
    requested.get(0).complete(FIRST);

    cache.current();
    cache.current();

    assertThat(requested).hasSize(1);
  }

  @Test
  void aStaleSnapshotIsServedWhileItsReplacementIsTaken() {
    SnapshotCache cache = cache(Duration.ZERO);
    cache.current();
    requested.get(0).complete(FIRST);

    assertThat(cache.current()).isEqualTo(FIRST);
    assertThat(requested).hasSize(2);
    requested.get(1).complete(SECOND);
    assertThat(cache.current()).isEqualTo(SECOND);
  }

  @Test
  void aFailedSnapshotKeepsTheLastOneAndIsRetriedWhenStale() {
    SnapshotCache cache = cache(Duration.ZERO);
    cache.current();
    requested.get(0).complete(FIRST);
    cache.current();
    requested.get(1).completeExceptionally(new IllegalStateException("Redis is away"));

    assertThat(cache.current()).isEqualTo(FIRST);
    assertThat(requested).hasSize(3);
  }
}
