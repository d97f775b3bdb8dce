package dev.channels.spring.autoconfigure;

import dev.channels.ChannelLayerSettings;
import dev.channels.spring.consumer.ConsumerSettings;
import dev.channels.spring.consumer.ConsumerSettings.Action;
import dev.channels.spring.consumer.WorkerSettings;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * Configuration under {@code channels.*}: the channel layers by alias, like Django's {@code
 * CHANNEL_LAYERS}, and how consumers run on WebSocket sessions.
 */
@ConfigurationProperties("channels")
public class ChannelsProperties {

  /** The alias of the layer injected as the {@code ChannelLayer} bean. */
  public static final String DEFAULT_ALIAS = "default";

  /** Channel layers by alias; "default" is the one injected by default. */
  private Map<String, Layer> layers = new LinkedHashMap<>();

  /** How consumers handle the messages and errors of their sessions. */
  private final Consumer consumer = new Consumer();

  /** WebSocket endpoint settings for consumers. */
  private final WebSocket websocket = new WebSocket();

  /** Which channels of {@code @ChannelWorker} beans this instance works. */
  private final Worker worker = new Worker();

  public Map<String, Layer> getLayers() {
    return layers;
  }

  public void setLayers(Map<String, Layer> layers) {
    this.layers = layers;
  }

  /** What consumers need of {@code consumer.*} and {@code websocket.*}. */
  ConsumerSettings consumerSettings() {
    atLeastOne("channels.websocket.max-queued-messages", websocket.getMaxQueuedMessages(), "100");
    atLeastOne(
        "channels.websocket.max-queued-bytes", websocket.getMaxQueuedBytes().toBytes(), "1MB");
    atLeastOne("channels.consumer.channel-backlog", consumer.getChannelBacklog(), "1000");
    atLeastOne(
        "channels.websocket.inbound-stall-timeout",
        websocket.getInboundStallTimeout().toMillis(),
        "60s");
    atLeastOne("channels.websocket.ping-timeout", websocket.getPingTimeout().toMillis(), "30s");
    if (websocket.getPingInterval().isNegative()) {
      String property = "channels.websocket.ping-interval";
      throw new InvalidConsumerConfigurationException(
          property,
          "%s must not be negative, but was %s.".formatted(property, websocket.getPingInterval()),
          "Set %s to a duration such as 20s (the default), or 0 to send no pings."
              .formatted(property));
    }
    return new ConsumerSettings(
        consumer.getUnhandledType(),
        consumer.getHandlerError(),
        websocket.getSendTimeLimit(),
        websocket.getSendBufferSizeLimit().toBytes(),
        websocket.getAllowedOrigins(),
        websocket.getAllowedOriginPatterns(),
        (int) Math.min(Integer.MAX_VALUE, websocket.getMaxTextMessageSize().toBytes()),
        (int) Math.min(Integer.MAX_VALUE, websocket.getMaxBinaryMessageSize().toBytes()),
        websocket.getMaxQueuedMessages(),
        websocket.getMaxQueuedBytes().toBytes(),
        websocket.getInboundStallTimeout(),
        consumer.getChannelBacklog(),
        websocket.getPingInterval(),
        websocket.getPingTimeout());
  }

  private static void atLeastOne(String property, long value, String defaultValue) {
    if (value < 1) {
      throw new InvalidConsumerConfigurationException(
          property,
          "%s must be at least 1, but was %d.".formatted(property, value),
          "Set %s to 1 or more; the default is %s.".formatted(property, defaultValue));
    }
  }

  public Consumer getConsumer() {
    return consumer;
  }

  public WebSocket getWebsocket() {
    return websocket;
  }

  public Worker getWorker() {
    return worker;
  }

  /** What workers need of {@code worker.*}. */
  WorkerSettings workerSettings() {
    worker
        .getConcurrency()
        .forEach(
            (channel, value) ->
                atLeastOne("channels.worker.concurrency[" + channel + "]", value, "1"));
    return new WorkerSettings(worker.isEnabled(), worker.getChannels(), worker.getConcurrency());
  }

  /** The layer configured under {@code alias}, or one with every default for the default alias. */
  Layer layer(String alias) {
    Layer layer = layers.get(alias);
    return layer != null ? layer : new Layer();
  }

  /** Every configured alias, with "default" first and always present. */
  List<String> aliases() {
    List<String> aliases = new ArrayList<>();
    aliases.add(DEFAULT_ALIAS);
    layers.keySet().stream().filter(alias -> !alias.equals(DEFAULT_ALIAS)).forEach(aliases::add);
    return aliases;
  }

  /**
   * One channel layer: the backend and the settings every backend shares. Option names are Django's
   * CONFIG keys in kebab-case; each backend binds its own options from the same alias.
   */
  public static class Layer {

    /**
     * The backend: "in-memory" (one process, the default), or one a backend module on the classpath
     * brings, such as "redis" (channels-redis). A backend's own options sit beside this one, under
     * the same alias.
     */
    private String backend = "in-memory";

    /** How long an unread message lives. A bare number means seconds, as in Django. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration expiry = ChannelLayerSettings.DEFAULT_EXPIRY;

    /** How long a group membership lives after its last group add. Bare numbers are seconds. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration groupExpiry = ChannelLayerSettings.DEFAULT_GROUP_EXPIRY;

    /** Unread messages a channel holds before sends to it fail. */
    private int capacity = ChannelLayerSettings.DEFAULT_CAPACITY;

    /**
     * Capacity by channel-name glob, first match wins; write globs in brackets, as in
     * "[websocket.send*]": 20.
     */
    private Map<String, Integer> channelCapacity = new LinkedHashMap<>();

    /** The largest message, measured in its MessagePack encoding. */
    private DataSize maxMessageSize =
        DataSize.ofBytes(ChannelLayerSettings.DEFAULT_MAX_MESSAGE_SIZE);

    /**
     * How long after an instance's last heartbeat its presence entries are gone: the longest a
     * killed instance's connections stay listed. Bare numbers are seconds.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration presenceTimeout = ChannelLayerSettings.DEFAULT_PRESENCE_TIMEOUT;

    /**
     * How often an instance renews its presence entries and removes others' timed-out ones; at most
     * half of presence-timeout. Bare numbers are seconds.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration presenceHeartbeat = ChannelLayerSettings.DEFAULT_PRESENCE_HEARTBEAT;

    /**
     * Whether startup fails when the layer cannot reach its backend within fail-fast-timeout; by
     * default the application starts, the layer keeps connecting, and health reports DOWN.
     */
    private boolean failFast;

    /** How long startup waits for the backend when fail-fast is on. */
    private Duration failFastTimeout = Duration.ofSeconds(10);

    public String getBackend() {
      return backend;
    }

    public void setBackend(String backend) {
      this.backend = backend;
    }

    public Duration getExpiry() {
      return expiry;
    }

    public void setExpiry(Duration expiry) {
      this.expiry = expiry;
    }

    public Duration getGroupExpiry() {
      return groupExpiry;
    }

    public void setGroupExpiry(Duration groupExpiry) {
      this.groupExpiry = groupExpiry;
    }

    public int getCapacity() {
      return capacity;
    }

    public void setCapacity(int capacity) {
      this.capacity = capacity;
    }

    public Map<String, Integer> getChannelCapacity() {
      return channelCapacity;
    }

    public void setChannelCapacity(Map<String, Integer> channelCapacity) {
      this.channelCapacity = channelCapacity;
    }

    public DataSize getMaxMessageSize() {
      return maxMessageSize;
    }

    public boolean isFailFast() {
      return failFast;
    }

    public void setFailFast(boolean failFast) {
      this.failFast = failFast;
    }

    public Duration getFailFastTimeout() {
      return failFastTimeout;
    }

    public void setFailFastTimeout(Duration failFastTimeout) {
      this.failFastTimeout = failFastTimeout;
    }

    public void setMaxMessageSize(DataSize maxMessageSize) {
      this.maxMessageSize = maxMessageSize;
    }

    public Duration getPresenceTimeout() {
      return presenceTimeout;
    }

    public void setPresenceTimeout(Duration presenceTimeout) {
      this.presenceTimeout = presenceTimeout;
    }

    public Duration getPresenceHeartbeat() {
      return presenceHeartbeat;
    }

    public void setPresenceHeartbeat(Duration presenceHeartbeat) {
      this.presenceHeartbeat = presenceHeartbeat;
    }

    /** The settings every backend shares, validated. */
    ChannelLayerSettings settings() {
      return ChannelLayerSettings.builder()
          .expiry(expiry)
          .groupExpiry(groupExpiry)
          .capacity(capacity)
          .channelCapacity(channelCapacity)
          .maxMessageSize(maxMessageSize.toBytes())
          .presenceTimeout(presenceTimeout)
          .presenceHeartbeat(presenceHeartbeat)
          .build();
    }
  }

  /** Which channels of {@code @ChannelWorker} beans this instance works. */
  public static class Worker {

    /**
     * Whether this instance works the channels of @ChannelWorker beans; false makes it a web
     * instance only, as a Django process not run with runworker.
     */
    private boolean enabled = true;

    /** The channels this instance works; empty works every channel a @ChannelWorker names. */
    private List<String> channels = new ArrayList<>();

    /**
     * Messages of a channel handled at once on this instance, by channel, over the concurrency
     * its @ChannelWorker declares: "[thumbnails]": 4.
     */
    private Map<String, Integer> concurrency = new LinkedHashMap<>();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public List<String> getChannels() {
      return channels;
    }

    public void setChannels(List<String> channels) {
      this.channels = channels;
    }

    public Map<String, Integer> getConcurrency() {
      return concurrency;
    }

    public void setConcurrency(Map<String, Integer> concurrency) {
      this.concurrency = concurrency;
    }
  }

  /** What consumers do with messages they cannot handle. */
  public static class Consumer {

    /** What to do with a channel message whose type no handler takes. */
    private Action unhandledType = Action.LOG;

    /** What to do when a handler throws. */
    private Action handlerError = Action.LOG;

    /** Threads that run consumer handlers; 0 picks 8 or four per core, whichever is more. */
    private int threads;

    /**
     * Most channel messages a session takes from the layer ahead of its handlers; beyond that it
     * stops taking until they catch up, and the layer's capacity applies.
     */
    private int channelBacklog = 1000;

    public Action getUnhandledType() {
      return unhandledType;
    }

    public void setUnhandledType(Action unhandledType) {
      this.unhandledType = unhandledType;
    }

    public Action getHandlerError() {
      return handlerError;
    }

    public void setHandlerError(Action handlerError) {
      this.handlerError = handlerError;
    }

    public int getThreads() {
      return threads;
    }

    public void setThreads(int threads) {
      this.threads = threads;
    }

    public int getChannelBacklog() {
      return channelBacklog;
    }

    public void setChannelBacklog(int channelBacklog) {
      this.channelBacklog = channelBacklog;
    }
  }

  /** WebSocket endpoint settings for consumers. */
  public static class WebSocket {

    /** Origins allowed to connect; empty allows only the application's own origin. */
    private List<String> allowedOrigins = new ArrayList<>();

    /** Origin patterns allowed to connect, such as "https://*.example.com". */
    private List<String> allowedOriginPatterns = new ArrayList<>();

    /** Longest time one frame may take to reach a client before the session is closed. */
    private Duration sendTimeLimit = Duration.ofSeconds(10);

    /** Most data buffered for one client before the session is closed as too slow. */
    private DataSize sendBufferSizeLimit = DataSize.ofKilobytes(512);

    /**
     * Largest text message accepted from a client, counted in characters; a larger one closes the
     * session with 1009.
     */
    private DataSize maxTextMessageSize = DataSize.ofKilobytes(64);

    /** Largest binary message accepted from a client; a larger one closes the session with 1009. */
    private DataSize maxBinaryMessageSize = DataSize.ofKilobytes(64);

    /**
     * Messages from one client waiting for their handler at which the server stops reading from
     * that client, until half of them are handled: TCP slows that client down, and the heap stays
     * bounded. No client is closed for sending fast.
     */
    private int maxQueuedMessages = 100;

    /**
     * The same limit in size (characters of text, bytes of binary messages): reading pauses at
     * whichever is reached first.
     */
    private DataSize maxQueuedBytes = DataSize.ofMegabytes(1);

    /**
     * How long a client's queued messages may wait with none of them taken by its handler, reading
     * paused, before the session is closed with 1008: a handler stuck, not a fast client.
     */
    private Duration inboundStallTimeout = Duration.ofSeconds(60);

    /**
     * How long a client may be silent before the server pings it, as Daphne does; 0 sends no pings.
     */
    private Duration pingInterval = Duration.ofSeconds(20);

    /**
     * How long a ping may go unanswered, the client silent, before the session is closed with 4500:
     * a client that vanished without closing (a frozen laptop, a dropped link).
     */
    private Duration pingTimeout = Duration.ofSeconds(30);

    public List<String> getAllowedOrigins() {
      return allowedOrigins;
    }

    public void setAllowedOrigins(List<String> allowedOrigins) {
      this.allowedOrigins = allowedOrigins;
    }

    public List<String> getAllowedOriginPatterns() {
      return allowedOriginPatterns;
    }

    public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {
      this.allowedOriginPatterns = allowedOriginPatterns;
    }

    public Duration getSendTimeLimit() {
      return sendTimeLimit;
    }

    public void setSendTimeLimit(Duration sendTimeLimit) {
      this.sendTimeLimit = sendTimeLimit;
    }

    public DataSize getSendBufferSizeLimit() {
      return sendBufferSizeLimit;
    }

    public void setSendBufferSizeLimit(DataSize sendBufferSizeLimit) {
      this.sendBufferSizeLimit = sendBufferSizeLimit;
    }

    public DataSize getMaxTextMessageSize() {
      return maxTextMessageSize;
    }

    public void setMaxTextMessageSize(DataSize maxTextMessageSize) {
      this.maxTextMessageSize = maxTextMessageSize;
    }

    public DataSize getMaxBinaryMessageSize() {
      return maxBinaryMessageSize;
    }

    public void setMaxBinaryMessageSize(DataSize maxBinaryMessageSize) {
      this.maxBinaryMessageSize = maxBinaryMessageSize;
    }

    public int getMaxQueuedMessages() {
      return maxQueuedMessages;
    }

    public void setMaxQueuedMessages(int maxQueuedMessages) {
      this.maxQueuedMessages = maxQueuedMessages;
    }

    public DataSize getMaxQueuedBytes() {
      return maxQueuedBytes;
    }

    public void setMaxQueuedBytes(DataSize maxQueuedBytes) {
      this.maxQueuedBytes = maxQueuedBytes;
    }

    public Duration getInboundStallTimeout() {
      return inboundStallTimeout;
    }

    public void setInboundStallTimeout(Duration inboundStallTimeout) {
      this.inboundStallTimeout = inboundStallTimeout;
    }

    public Duration getPingInterval() {
      return pingInterval;
    }

    public void setPingInterval(Duration pingInterval) {
      this.pingInterval = pingInterval;
    }

    public Duration getPingTimeout() {
      return pingTimeout;
    }

    public void setPingTimeout(Duration pingTimeout) {
      this.pingTimeout = pingTimeout;
    }
  }
}
