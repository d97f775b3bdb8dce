package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.channels.InvalidSettingsException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisClusterOptionsTest {

  private static final RedisLayerOptions.Cluster CLUSTER =
      new RedisLayerOptions.Cluster(List.of("redis://10.0.0.1:7000", "redis://10.0.0.2:7000"));

  @Test
  void aClusterTakesSeedNodesAndLettucesDefaultRedirects() {
    RedisLayerOptions options = RedisLayerOptions.builder().cluster(CLUSTER).build();

    assertThat(options.cluster().nodes()).hasSize(2);
    assertThat(options.cluster().maxRedirects()).isEqualTo(5);
    assertThat(options.cluster().usesTls()).isFalse();
  }

  @Test
  void hostsAndAClusterTogetherAreRefusedNamingTheFix() {
    assertThatThrownBy(
            () ->
                RedisLayerOptions.builder()
                    .hosts(List.of("redis://10.0.0.1:6379/0"))
                    .cluster(CLUSTER)
                    .build())
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("hosts and cluster.nodes are both set")
        .hasMessageContaining("Remove hosts");
  }

  @Test
  void aSentinelAndAClusterTogetherAreRefused() {
    assertThatThrownBy(
            () ->
                RedisLayerOptions.builder()
                    .sentinel(
                        new RedisLayerOptions.Sentinel("mymaster", List.of("10.0.0.1:26379"), null))
                    .cluster(CLUSTER)
                    .build())
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("sentinel and cluster.nodes are both set");
  }

  @Test
  void aClusterWithoutNodesIsRefused() {
    assertThatThrownBy(() -> new RedisLayerOptions.Cluster(List.of()))
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("cluster.nodes needs at least one seed node");
  }

  @Test
  void socketsDatabasesAndOtherSchemesAreNotClusterNodesAndPasswordsStayHidden() {
    assertThatThrownBy(() -> new RedisLayerOptions.Cluster(List.of("unix://:pw@/run/redis.sock")))
        .hasMessageContaining("is not a cluster node URL")
        .hasMessageNotContaining("pw");
    assertThatThrownBy(() -> new RedisLayerOptions.Cluster(List.of("10.0.0.1:7000")))
        .hasMessageContaining("is not a cluster node URL");
  }

  @Test
  void nodesMixingTlsAndPlainConnectionsAreRefused() {
    assertThatThrownBy(
            () ->
                new RedisLayerOptions.Cluster(
                    List.of("redis://10.0.0.1:7000", "rediss://10.0.0.2:7000")))
        .hasMessageContaining("mixes redis:// and rediss://");
  }

  @Test
  void negativeRedirectsAreRefused() {
    assertThatThrownBy(() -> new RedisLayerOptions.Cluster(List.of("redis://h:7000"), -1))
        .hasMessageContaining("cluster.max-redirects must be 0 or more");
  }

  @Test
  void onAClusterAPrefixWhoseBraceOpensNoTagIsRefused() {
    assertThatThrownBy(() -> RedisLayerOptions.builder().cluster(CLUSTER).prefix("a{").build())
        .hasMessageContaining("prefix 'a{' has a '{' that does not open a hash tag");
    assertThatThrownBy(() -> RedisLayerOptions.builder().cluster(CLUSTER).prefix("a{}").build())
        .hasMessageContaining("does not open a hash tag");
    assertThat(RedisLayerOptions.builder().cluster(CLUSTER).prefix("{asgi}").build().prefix())
        .isEqualTo("{asgi}");
  }
}
