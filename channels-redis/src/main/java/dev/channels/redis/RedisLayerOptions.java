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
 * hosts} (Redis URLs: redis://, rediss://, unix://; several shard as channels_redis does), {@code
 * prefix} (default "asgi"), {@code symmetric-encryption-keys}, and Sentinel. Immutable; validated
 * when built.
 */
public final class RedisLayerOptions {

  private final List<String> hosts;
  private final String prefix;
  private final List<String> symmetricEncryptionKeys;
  private final @Nullable Sentinel sentinel;
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

  private RedisLayerOptions(Builder builder) {
    this.hosts = List.copyOf(builder.hosts);
    this.prefix = builder.prefix;
    this.symmetricEncryptionKeys = List.copyOf(builder.symmetricEncryptionKeys);
    this.sentinel = builder.sentinel;
    this.commandTimeout = builder.commandTimeout;
    this.ssl = builder.ssl;
    hosts.forEach(RedisLayerOptions::checkUrl);
    if (prefix.isEmpty() || prefix.chars().anyMatch(Character::isWhitespace)) {
      throw new InvalidSettingsException(
          "prefix",
          "prefix must be a non-empty string without spaces, such as asgi (channels_redis's default), but was '%s'."
              .formatted(prefix));
    }
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
