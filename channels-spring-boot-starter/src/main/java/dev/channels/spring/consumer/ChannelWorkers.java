package dev.channels.spring.consumer;

import dev.channels.ChannelLayer;
import dev.channels.spring.ChannelLayers;
import dev.channels.spring.ChannelWorker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Works every {@code @ChannelWorker} bean's channels, as Django's {@code runworker} does: a slot
 * per message handled at once ({@code concurrency}), each receiving and handling one message at a
 * time on a pool of the workers' own, off the WebSocket path. Starts with the application and stops
 * before the layers close: no slot takes a new message, running handlers finish, then the
 * application goes on shutting down. Internal: created by the auto-configuration.
 */
public final class ChannelWorkers implements SmartLifecycle, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(ChannelWorkers.class);

  private final ConfigurableListableBeanFactory beans;
  private final ChannelLayers layers;
  private final JsonBinder json;
  private final WorkerSettings settings;
  private final boolean virtualThreads;
  private Executor executor = Runnable::run;
  private final HandlerErrors errors = new HandlerErrors();
  private final UnhandledTypes unhandledTypes = new UnhandledTypes();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(ChannelWorkers::timerThread);
  private final List<WorkerSlot> slots = new ArrayList<>();
  private volatile boolean running;
  private @Nullable Runnable whenIdle;

  /**
   * The workers of {@code beans}' {@code @ChannelWorker} beans, whose handlers run on a thread per
   * slot, or on virtual threads.
   */
  public ChannelWorkers(
      ConfigurableListableBeanFactory beans,
      ChannelLayers layers,
      JsonMapper jsonMapper,
      WorkerSettings settings,
      boolean virtualThreads) {
    this.beans = beans;
    this.layers = layers;
    this.json = new JsonBinder(jsonMapper);
    this.settings = settings;
    this.virtualThreads = virtualThreads;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    List<Runnable> starts = new ArrayList<>();
    for (String beanName : beans.getBeanNamesForAnnotation(ChannelWorker.class)) {
      Class<?> type = ClassUtils.getUserClass(beans.getType(beanName));
      WorkerDefinition worker = WorkerDefinition.of(beanName, type, json);
      ChannelLayer layer = layerOf(worker);
      Object bean = beans.getBean(beanName);
      for (String channel : worker.channels) {
        addSlots(worker, bean, layer, channel);
      }
    }
    executor = handlerPool(slots.size());
    slots.forEach(WorkerSlot::start);
    running = true;
  }

  // A slot handles one message at a time, so a thread per slot never queues a handler.
  private Executor handlerPool(int size) {
    if (virtualThreads) {
      return new VirtualThreadTaskExecutor("channels-worker-");
    }
    return Executors.newFixedThreadPool(Math.max(1, size), ChannelWorkers::workerThread);
  }

  private void addSlots(WorkerDefinition worker, Object bean, ChannelLayer layer, String channel) {
    if (!settings.works(channel)) {
      log.info("Not working channel {} on this instance (channels.worker.*)", channel);
      return;
    }
    int concurrency = settings.concurrencyOf(channel, worker.concurrency);
    for (int i = 0; i < concurrency; i++) {
      slots.add(new WorkerSlot(this, worker, bean, layer, channel));
    }
    log.info(
        "{} works channel {} ({} at a time), for {}",
        worker.type.getSimpleName(),
        channel,
        concurrency,
        worker.messageTypes());
  }

  private ChannelLayer layerOf(WorkerDefinition worker) {
    if (!layers.aliases().contains(worker.layerAlias)) {
      throw new ConsumerDefinitionException(
          "@ChannelWorker %s uses the channel layer '%s', but no layer is configured under that alias; the aliases are %s."
              .formatted(worker.type.getName(), worker.layerAlias, layers.aliases()),
          "Set @ChannelWorker(layer = ...) on %s to one of %s, or configure the layer under channels.layers.%s."
              .formatted(worker.type.getSimpleName(), layers.aliases(), worker.layerAlias));
    }
    return layers.get(worker.layerAlias);
  }

  @Override
  public void stop() {
    throw new UnsupportedOperationException("Stop with a callback");
  }

  /**
   * Takes no more messages, and calls back once every handler that was running has finished; Spring
   * waits for that up to {@code spring.lifecycle.timeout-per-shutdown-phase}.
   */
  @Override
  public void stop(Runnable callback) {
    List<WorkerSlot> stopping;
    synchronized (this) {
      running = false;
      whenIdle = callback;
      stopping = List.copyOf(slots);
    }
    stopping.forEach(WorkerSlot::stop);
    slotMayBeIdle();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return ConsumerEndpoints.PHASE;
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
    if (executor instanceof ExecutorService pool) {
      pool.shutdown();
    }
  }

  /** How many slots work channels here; for tests and the report. */
  public synchronized int slots() {
    return slots.size();
  }

  void slotMayBeIdle() {
    Runnable callback;
    synchronized (this) {
      if (running || whenIdle == null || !slots.stream().allMatch(WorkerSlot::idle)) {
        return;
      }
      callback = whenIdle;
      whenIdle = null;
    }
    callback.run();
  }

  /** Tells {@code watcher} of each kind of worker handler failure, as the consumers do. */
  public void watchHandlerErrors(ConsumerEndpoints.HandlerErrorWatcher watcher) {
    errors.watch(watcher);
  }

  Executor executor() {
    return executor;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  void failed(
      WorkerDefinition worker, @Nullable HandlerMethod handler, String channel, Throwable e) {
    if (handler == null) {
      log.error("{} failed on worker channel {}", worker.type.getSimpleName(), channel, e);
    } else {
      errors.report(worker.type, handler, "worker channel " + channel, e);
    }
  }

  void unhandled(WorkerDefinition worker, String type, String channel) {
    unhandledTypes.report(worker.type, worker.messageTypes(), type, "worker channel " + channel);
  }

  private static Thread workerThread(Runnable task) {
    Thread thread = new Thread(task, "channels-worker-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }

  private static final AtomicInteger THREADS = new AtomicInteger();

  private static Thread timerThread(Runnable task) {
    Thread thread = new Thread(task, "channels-worker-timer");
    thread.setDaemon(true);
    return thread;
  }
}
