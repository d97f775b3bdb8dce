package dev.channels.redis.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The Redis options of one layer alias, bound from {@code channels.layers.<alias>.*} beside the
 * options every backend shares. Names follow channels_redis's CONFIG keys in kebab-case.
 */
public class RedisLayerProperties {

  /**
   * Server URLs (redis://, rediss://, unix:// or redis-socket://); several hosts shard as
   * channels_redis does. Empty means Spring Boot's own spring.data.redis connection.
   */
  private List<String> hosts = new ArrayList<>();

  /** The key prefix shared with Django apps on the same Redis. */
  private String prefix = "asgi";

  /**
   * Keys for Fernet encryption of messages, as channels_redis's symmetric_encryption_keys; the
   * first encrypts, all decrypt.
   */
  private List<String> symmetricEncryptionKeys = new ArrayList<>();

  /**
   * How long a command may wait for Redis's answer before it fails with a timeout; a Redis that is
   * connected but busy or paused for longer fails the sends waiting on it.
   */
  private Duration commandTimeout = Duration.ofSeconds(2);

  /** Redis Sentinel: the master's name and the sentinels' addresses. */
  private final Sentinel sentinel = new Sentinel();

  /** Redis Cluster: seed nodes and redirects; used instead of hosts. */
  private final Cluster cluster = new Cluster();

  /**
   * The Spring Boot SSL bundle (spring.ssl.bundle.*) whose certificates rediss:// hosts are
   * verified with, and whose key, if any, the layer presents.
   */
  private @Nullable String sslBundle;

  public List<String> getHosts() {
    return hosts;
  }

  public void setHosts(List<String> hosts) {
    this.hosts = hosts;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  public List<String> getSymmetricEncryptionKeys() {
    return symmetricEncryptionKeys;
  }

  public void setSymmetricEncryptionKeys(List<String> symmetricEncryptionKeys) {
    this.symmetricEncryptionKeys = symmetricEncryptionKeys;
  }

  public Duration getCommandTimeout() {
    return commandTimeout;
  }

  public void setCommandTimeout(Duration commandTimeout) {
    this.commandTimeout = commandTimeout;
  }

  public Sentinel getSentinel() {
    return sentinel;
  }

  public Cluster getCluster() {
    return cluster;
  }

  public @Nullable String getSslBundle() {
    return sslBundle;
  }

  public void setSslBundle(@Nullable String sslBundle) {
    this.sslBundle = sslBundle;
  }

  /** Redis Sentinel settings. */
  public static class Sentinel {

    /** The name of the master the sentinels watch. */
    private @Nullable String master;

    /** The sentinels, as host:port. */
    private List<String> nodes = new ArrayList<>();

    /** The password of the sentinels themselves, if they need one. */
    private @Nullable String password;

    public @Nullable String getMaster() {
      return master;
    }

    public void setMaster(@Nullable String master) {
      this.master = master;
    }

    public List<String> getNodes() {
      return nodes;
    }

    public void setNodes(List<String> nodes) {
      this.nodes = nodes;
    }

    public @Nullable String getPassword() {
      return password;
    }

    public void setPassword(@Nullable String password) {
      this.password = password;
    }
  }

  /** Redis Cluster settings. */
  public static class Cluster {

    /**
     * Seed node URLs of a Redis Cluster (redis:// or rediss://, credentials in the first); the
     * client learns the other nodes from them. Use instead of hosts.
     */
    private List<String> nodes = new ArrayList<>();

    /** How many MOVED or ASK redirects one command may follow. */
    private int maxRedirects = 5;

    public List<String> getNodes() {
      return nodes;
    }

    public void setNodes(List<String> nodes) {
      this.nodes = nodes;
    }

    public int getMaxRedirects() {
      return maxRedirects;
    }

    public void setMaxRedirects(int maxRedirects) {
      this.maxRedirects = maxRedirects;
    }
  }
}
