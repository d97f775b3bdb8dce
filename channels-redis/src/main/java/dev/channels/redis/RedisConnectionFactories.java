package dev.channels.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Spring Data Redis connection factories with the client behaviour a channel layer needs: commands
 * are refused while disconnected (a send fails at once instead of being queued), a command in
 * flight when its connection drops fails instead of being sent again after the reconnect (so it
 * runs at most once), every command has a time limit, and reconnects retry quickly.
 */
public final class RedisConnectionFactories {

  private RedisConnectionFactories() {}

  /**
   * A factory for one {@code redis://}, {@code rediss://}, or unix socket ({@code unix://}, as
   * channels_redis's users write it, or Lettuce's {@code redis-socket://}) URL; user, password and
   * database may be in the URL, such as {@code unix://:secret@/run/redis.sock?db=1}.
   */
  public static LettuceConnectionFactory fromUrl(
      String url,
      Duration commandTimeout,
      ClientResources resources,
      @Nullable ClientOptions base) {
    RedisURI uri = RedisURI.create(lettuceUrl(url));
    RedisConfiguration configuration = LettuceConnectionFactory.createRedisConfiguration(uri);
    LettuceClientConfiguration client =
        LettuceClientConfiguration.builder()
            .apply(uri)
            .commandTimeout(commandTimeout)
            .clientResources(resources)
            .clientOptions(clientOptions(base))
            .build();
    return new LettuceConnectionFactory(configuration, client);
  }

  // redis-py's unix:// (channels_redis's hosts) is Lettuce's redis-socket://, down to the
  // database as ?db=N and the credentials before the path.
  static String lettuceUrl(String url) {
    return url.regionMatches(true, 0, "unix://", 0, 7) ? "redis-socket://" + url.substring(7) : url;
  }

  /** A factory for the master that {@code nodes} (host:port sentinels) watch as {@code master}. */
  public static LettuceConnectionFactory forSentinel(
      String master,
      List<String> nodes,
      @Nullable String sentinelPassword,
      @Nullable String dataUrl,
      Duration commandTimeout,
      ClientResources resources) {
    RedisSentinelConfiguration configuration =
        new RedisSentinelConfiguration(master, new java.util.LinkedHashSet<>(nodes));
    if (sentinelPassword != null) {
      configuration.setSentinelPassword(sentinelPassword);
    }
    LettuceClientConfiguration.LettuceClientConfigurationBuilder client =
        LettuceClientConfiguration.builder()
            .commandTimeout(commandTimeout)
            .clientResources(resources);
    if (dataUrl != null) {
      RedisURI data = RedisURI.create(dataUrl);
      RedisConfiguration dataConfiguration =
          LettuceConnectionFactory.createRedisConfiguration(data);
      if (dataConfiguration instanceof RedisConfiguration.WithAuthentication auth) {
        configuration.setUsername(auth.getUsername());
        configuration.setPassword(auth.getPassword());
      }
      configuration.setDatabase(data.getDatabase());
      client.apply(data);
    }
    return new LettuceConnectionFactory(
        configuration, client.clientOptions(clientOptions(null)).build());
  }

  /**
   * A factory for a Redis Cluster found from {@code cluster}'s seed nodes; user and password come
   * from the first node's URL, TLS from its scheme. The client follows redirects and refreshes its
   * view of the cluster when a node says a slot moved and every {@link #TOPOLOGY_REFRESH}.
   */
  public static LettuceConnectionFactory forCluster(
      RedisLayerOptions.Cluster cluster,
      Duration commandTimeout,
      ClientResources resources,
      @Nullable ClientOptions base) {
    return forCluster(cluster, commandTimeout, resources, base, null);
  }

  // clientName: what CLIENT LIST shows for each of the layer's connections, on every node.
  static LettuceConnectionFactory forCluster(
      RedisLayerOptions.Cluster cluster,
      Duration commandTimeout,
      ClientResources resources,
      @Nullable ClientOptions base,
      @Nullable String clientName) {
    List<RedisURI> nodes = cluster.nodes().stream().map(url -> RedisURI.create(url)).toList();
    RedisClusterConfiguration configuration = new RedisClusterConfiguration();
    nodes.forEach(node -> configuration.clusterNode(node.getHost(), node.getPort()));
    configuration.setMaxRedirects(cluster.maxRedirects());
    RedisURI first = nodes.get(0);
    // Lettuce keeps credentials behind a provider; Spring's parsing of the URL reads them out.
    if (LettuceConnectionFactory.createRedisConfiguration(first)
        instanceof RedisConfiguration.WithAuthentication auth) {
      configuration.setUsername(auth.getUsername());
      configuration.setPassword(auth.getPassword());
    }
    LettuceClientConfiguration.LettuceClientConfigurationBuilder client =
        LettuceClientConfiguration.builder()
            .apply(first)
            .commandTimeout(commandTimeout)
            .clientResources(resources)
            .clientOptions(clusterOptions(base, cluster.maxRedirects()));
    if (clientName != null) {
      client.clientName(clientName);
    }
    return new LettuceConnectionFactory(configuration, client.build());
  }

  /** How often the layer's cluster client rereads the cluster's slots, whatever happens. */
  public static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(5);

  // A MOVED, an ASK, a node that keeps failing to reconnect or an unknown node refreshes the
  // topology at once (adaptive triggers, at most once a second); the periodic refresh finds a
  // failover or a new node that no command has run into yet.
  // Lettuce 7 deprecates choosing triggers, with no replacement yet that takes them.
  @SuppressWarnings("deprecation")
  static ClusterClientOptions clusterOptions(@Nullable ClientOptions base, int maxRedirects) {
    return ClusterClientOptions.builder(clientOptions(base))
        .maxRedirects(maxRedirects)
        .topologyRefreshOptions(
            ClusterTopologyRefreshOptions.builder()
                .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                .enableAdaptiveRefreshTrigger(
                    ClusterTopologyRefreshOptions.RefreshTrigger.MOVED_REDIRECT,
                    ClusterTopologyRefreshOptions.RefreshTrigger.ASK_REDIRECT,
                    ClusterTopologyRefreshOptions.RefreshTrigger.PERSISTENT_RECONNECTS,
                    ClusterTopologyRefreshOptions.RefreshTrigger.UNCOVERED_SLOT,
                    ClusterTopologyRefreshOptions.RefreshTrigger.UNKNOWN_NODE)
                .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                .refreshTriggersReconnectAttempts(3)
                .build())
        .build();
  }

  /**
   * A factory that reaches the same Redis as {@code existing} (Spring Boot's, say) with this
   * layer's client behaviour, leaving {@code existing} and its users untouched.
   */
  public static LettuceConnectionFactory derive(
      LettuceConnectionFactory existing, Duration commandTimeout, ClientResources resources) {
    LettuceClientConfiguration source = existing.getClientConfiguration();
    LettuceClientConfiguration.LettuceClientConfigurationBuilder client =
        LettuceClientConfiguration.builder()
            .commandTimeout(commandTimeout)
            .clientResources(resources)
            .clientOptions(clientOptions(source.getClientOptions().orElse(null)));
    source.getClientName().ifPresent(client::clientName);
    if (source.isUseSsl()) {
      LettuceClientConfiguration.LettuceSslClientConfigurationBuilder ssl = client.useSsl();
      ssl.verifyPeer(source.getVerifyMode());
      if (source.isStartTls()) {
        ssl.startTls();
      }
    }
    if (existing.getClusterConfiguration() != null) {
      client.clientOptions(
          clusterOptions(
              source.getClientOptions().orElse(null),
              existing.getClusterConfiguration().getMaxRedirects() == null
                  ? RedisLayerOptions.Cluster.DEFAULT_MAX_REDIRECTS
                  : existing.getClusterConfiguration().getMaxRedirects()));
      return new LettuceConnectionFactory(existing.getClusterConfiguration(), client.build());
    }
    RedisConfiguration configuration =
        existing.getSentinelConfiguration() != null
            ? existing.getSentinelConfiguration()
            : existing.getSocketConfiguration() != null
                ? existing.getSocketConfiguration()
                : existing.getStandaloneConfiguration();
    return new LettuceConnectionFactory(configuration, client.build());
  }

  /**
   * The factories of a layer's hosts: its cluster's one, its Sentinel's master, else one per URL
   * ({@code redis://localhost:6379} without any), verified with the options' SSL settings.
   */
  static List<LettuceConnectionFactory> forOptions(
      RedisLayerOptions options, ClientResources resources, @Nullable String clientName) {
    @Nullable ClientOptions ssl =
        options.ssl() == null ? null : ClientOptions.builder().sslOptions(options.ssl()).build();
    RedisLayerOptions.Cluster cluster = options.cluster();
    if (cluster != null) {
      return List.of(forCluster(cluster, options.commandTimeout(), resources, ssl, clientName));
    }
    RedisLayerOptions.Sentinel sentinel = options.sentinel();
    if (sentinel != null) {
      return List.of(
          forSentinel(
              sentinel.master(),
              sentinel.nodes(),
              sentinel.password(),
              options.hosts().isEmpty() ? null : options.hosts().get(0),
              options.commandTimeout(),
              resources));
    }
    List<String> hosts =
        options.hosts().isEmpty() ? List.of("redis://localhost:6379") : options.hosts();
    return hosts.stream()
        .map(url -> fromUrl(url, options.commandTimeout(), resources, ssl))
        .toList();
  }

  /** Client resources whose reconnects start at once and back off to half a second at most. */
  public static ClientResources resources() {
    return ClientResources.builder()
        .reconnectDelay(
            Delay.exponential(
                Duration.ofMillis(10),
                Duration.ofMillis(500),
                2,
                java.util.concurrent.TimeUnit.MILLISECONDS))
        .build();
  }

  // Lettuce's default, at-least-once, replays after a reconnect the commands that were written
  // but not answered: a send Redis did run would run twice. REJECT_COMMANDS already makes Lettuce
  // fail those commands when the connection drops; the replay filter says so in as many words,
  // whatever a later Lettuce does with the disconnected behaviour.
  static ClientOptions clientOptions(@Nullable ClientOptions base) {
    ClientOptions.Builder options = base == null ? ClientOptions.builder() : base.mutate();
    return options
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .replayFilter(command -> true)
        .timeoutOptions(TimeoutOptions.enabled())
        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
        .build();
  }
}
