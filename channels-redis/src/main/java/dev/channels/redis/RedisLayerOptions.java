package dev.channels.redis;

import dev.channels.InvalidSettingsException;
import io.lettuce.core.SslOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the Redis layer needs beyond the shared settings, named as channels_redis names them: {@code
 * hosts} (Redis URLs: redis://, rediss://, unix://; several shard as channels_redis does), a Redis
 * {@code cluster}, {@code prefix} (default "asgi"), {@code symmetric-encryption-keys}, and
 * Sentinel. Immutable; validated when built.
 */
public final class RedisLayerOptions {

  private final List<String> hosts;
  private final String prefix;
  private final List<String> symmetricEncryptionKeys;
  private final @Nullable Sentinel sentinel;
  private final @Nullable Cluster cluster;
  private final Duration commandTimeout;
  private final @Nullable SslOptions ssl;

  /**
   * A Sentinel setup: the master's name, the sentinels as {@code host:port}, and optionally the
   * sentinels' own password.
   */
  public record Sentinel(String master, List<String> nodes, @Nullable String password) {

    /** Validates and copies. */
    public Sentinel {
      if (master == null || master.isBlank() || nodes == null || nodes.isEmpty()) {
        throw new InvalidSettingsException(
            "sentinel",
            "sentinel needs a master name and at least one sentinel as host:port, such as sentinel.master=mymaster and sentinel.nodes=10.0.0.1:26379.");
      }
      nodes = List.copyOf(nodes);
    }
  }

  /**
   * A Redis Cluster: seed nodes ({@code redis://} or {@code rediss://} URLs, credentials in the
   * first one) from which the client learns the whole cluster, and how many {@code MOVED} or {@code
   * ASK} redirects one command may follow.
   */
  public record Cluster(List<String> nodes, int maxRedirects) {

    /** Lettuce's default number of redirects a command follows. */
    public static final int DEFAULT_MAX_REDIRECTS = 5;

    /** Validates and copies. */
    public Cluster {
      if (nodes == null || nodes.isEmpty()) {
        throw new InvalidSettingsException(
            "cluster.nodes",
            "cluster.nodes needs at least one seed node URL, such as redis://10.0.0.1:7000.");
      }
      nodes = List.copyOf(nodes);
      nodes.forEach(Cluster::checkNode);
      if (nodes.stream().map(url -> url.regionMatches(true, 0, "rediss:", 0, 7)).distinct().count()
          > 1) {
        throw new InvalidSettingsException(
            "cluster.nodes",
            "cluster.nodes mixes redis:// and rediss:// URLs; a cluster uses TLS on every node or on none, so write them all with the same scheme.");
      }
      if (maxRedirects < 0) {
        throw new InvalidSettingsException(
            "cluster.max-redirects",
            "cluster.max-redirects must be 0 or more, such as 5, but was %d."
                .formatted(maxRedirects));
      }
    }

    /** Seeds with Lettuce's default of {@value #DEFAULT_MAX_REDIRECTS} redirects. */
    public Cluster(List<String> nodes) {
      this(nodes, DEFAULT_MAX_REDIRECTS);
    }

    /** Whether the nodes are reached over TLS ({@code rediss://}). */
    public boolean usesTls() {
      return nodes.get(0).regionMatches(true, 0, "rediss:", 0, 7);
    }

    private static void checkNode(String url) {
      String scheme = url.contains("://") ? url.substring(0, url.indexOf("://")) : "";
      if (!(scheme.equalsIgnoreCase("redis") || scheme.equalsIgnoreCase("rediss"))
          || !isRedisUrl(url)) {
        throw new InvalidSettingsException(
            "cluster.nodes",
            "cluster.nodes entry '%s' is not a cluster node URL; write redis://host:7000, or rediss://host:7000 for TLS (a cluster has no unix sockets or databases)."
                .formatted(withoutCredentials(url)));
      }
    }
  }

  private RedisLayerOptions(Builder builder) {
    this.hosts = List.copyOf(builder.hosts);
    this.prefix = builder.prefix;
    this.symmetricEncryptionKeys = List.copyOf(builder.symmetricEncryptionKeys);
    this.sentinel = builder.sentinel;
    this.cluster = builder.cluster;
    this.commandTimeout = builder.commandTimeout;
    this.ssl = builder.ssl;
    hosts.forEach(RedisLayerOptions::checkUrl);
    if (prefix.isEmpty() || prefix.chars().anyMatch(Character::isWhitespace)) {
      throw new InvalidSettingsException(
          "prefix",
          "prefix must be a non-empty string without spaces, such as asgi (channels_redis's default), but was '%s'."
              .formatted(prefix));
    }
    checkClusterCombinations();
    if (symmetricEncryptionKeys.stream().anyMatch(String::isEmpty)) {
      throw new InvalidSettingsException(
          "symmetric-encryption-keys", "symmetric-encryption-keys must not contain an empty key.");
    }
    if (commandTimeout.isNegative() || commandTimeout.isZero()) {
      throw new InvalidSettingsException(
          "command-timeout",
          "command-timeout must be positive, such as 2s, but was %s.".formatted(commandTimeout));
    }
  }

  // A cluster is its own topology: hosts would shard over it, a Sentinel watches another kind of
  // setup, and a prefix whose hash tag Redis cannot read would put a group's keys in two slots.
  private void checkClusterCombinations() {
    if (cluster == null) {
      return;
    }
    if (!hosts.isEmpty()) {
      throw new InvalidSettingsException(
          "cluster.nodes",
          "hosts and cluster.nodes are both set; a layer uses either standalone hosts or one Redis Cluster. Remove hosts to use the cluster, or cluster.nodes to use the hosts.");
    }
    if (sentinel != null) {
      throw new InvalidSettingsException(
          "cluster.nodes",
          "sentinel and cluster.nodes are both set; Redis Cluster fails over by itself without Sentinel. Remove one of them.");
    }
    if (!ClusterTags.isUsablePrefix(prefix)) {
      throw new InvalidSettingsException(
          "prefix",
          "prefix '%s' has a '{' that does not open a hash tag; on Redis Cluster a prefix may hold a whole tag such as {asgi} (every key in one slot) or no braces at all."
              .formatted(prefix));
    }
  }

  /** A builder with channels_redis's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Redis URLs; empty when connection factories are given instead. */
  public List<String> hosts() {
    return hosts;
  }

  /** The key prefix. */
  public String prefix() {
    return prefix;
  }

  /** Fernet keys; empty means messages are not encrypted. */
  public List<String> symmetricEncryptionKeys() {
    return symmetricEncryptionKeys;
  }

  /** The Sentinel setup, if any. */
  public @Nullable Sentinel sentinel() {
    return sentinel;
  }

  /** The Redis Cluster to use instead of hosts, if any. */
  public @Nullable Cluster cluster() {
    return cluster;
  }

  /** How long one Redis command may take before it fails. */
  public Duration commandTimeout() {
    return commandTimeout;
  }

  /** TLS trust and key material for {@code rediss://} hosts; null uses the JVM's defaults. */
  public @Nullable SslOptions ssl() {
    return ssl;
  }

  private static void checkUrl(String url) {
    if (!isRedisUrl(url)) {
      throw new InvalidSettingsException(
          "hosts",
          "hosts entry '%s' is not a Redis URL; write redis://host:6379/0, rediss://host:6380/0 for TLS, or unix:///path/to/redis.sock (or redis-socket:///path/to/redis.sock)."
              .formatted(withoutCredentials(url)));
    }
  }

  private static boolean isRedisUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return false;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      // A host that java.net.URI cannot find means a malformed authority, such as a port that
      // is not a number, which Lettuce would otherwise quietly replace with 6379.
      case "redis", "rediss" -> uri.getHost() != null;
      case "redis-socket", "unix" -> uri.getPath() != null && !uri.getPath().isEmpty();
      default -> false;
    };
  }

  // The message may be logged; a password in the URL must not be.
  private static String withoutCredentials(String url) {
    return url.replaceAll("//[^@/]*@", "//***@");
  }

  /** Builds {@link RedisLayerOptions}. */
  public static final class Builder {

    private final List<String> hosts = new ArrayList<>();
    private String prefix = "asgi";
    private final List<String> symmetricEncryptionKeys = new ArrayList<>();
    private @Nullable Sentinel sentinel;
    private @Nullable Cluster cluster;
    private Duration commandTimeout = Duration.ofSeconds(2);
    private @Nullable SslOptions ssl;

    private Builder() {}

    /**
     * Sets the certificates trusted (and the client's own, for mutual TLS) on {@code rediss://}
     * connections, such as {@code SslOptions.builder().trustManager(new File("ca.pem")).build()}.
     */
    public Builder ssl(@Nullable SslOptions ssl) {
      this.ssl = ssl;
      return this;
    }

    /** Sets the Redis URLs. */
    public Builder hosts(List<String> urls) {
      hosts.clear();
      hosts.addAll(urls);
      return this;
    }

    /** Sets the key prefix. */
    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** Sets the Fernet keys: the first encrypts, all decrypt. */
    public Builder symmetricEncryptionKeys(List<String> keys) {
      symmetricEncryptionKeys.clear();
      symmetricEncryptionKeys.addAll(keys);
      return this;
    }

    /** Uses Sentinel to find the master. */
    public Builder sentinel(@Nullable Sentinel sentinel) {
      this.sentinel = sentinel;
      return this;
    }

    /** Uses a Redis Cluster, found from its seed nodes. */
    public Builder cluster(@Nullable Cluster cluster) {
      this.cluster = cluster;
      return this;
    }

    /** Sets how long one Redis command may take. */
    public Builder commandTimeout(Duration commandTimeout) {
      this.commandTimeout = Objects.requireNonNull(commandTimeout, "commandTimeout");
      return this;
    }

    /**
     * The options.
     *
     * @throws InvalidSettingsException naming the first option that is not valid
     */
    public RedisLayerOptions build() {
      return new RedisLayerOptions(this);
    }
  }
}
