package dev.channels.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.ChannelLayerException;
import dev.channels.ChannelLayerSettings;
import dev.channels.Message;
import dev.channels.redis.testing.RedisClusterServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults of a real local cluster, each on a cluster of its own: a master killed and its replica
 * promoted, a manual failover, slots moved while traffic flows, a node added. Sends made during the
 * change succeed or fail with the layer's own exception, never hang; receives resume; memberships
 * the cluster lost come back; nothing sent after the change is lost.
 */
class RedisClusterFaultsTest {

  private static final Duration RECOVERY = Duration.ofSeconds(60);
  // Sends after the change are numbered from here, above any number a send during it can reach.
  private static final int FIRST_AFTER = 1_000_000;
  private static final int LAST = FIRST_AFTER + 49;
  // A bound that only a hung send reaches: every command has a 2 s timeout.
  private static final long HUNG_SECONDS = 30;

  private final RedisClusterServers.Cluster cluster = RedisClusterServers.start();
  private final List<RedisChannelLayer> layers = new ArrayList<>();

  @AfterEach
  void stop() {
    layers.forEach(RedisChannelLayer::close);
    cluster.killAll();
  }

  @Test
  void aKilledMastersReplicaTakesOverReceivesResumeAndNothingSentAfterIsLost() {
    RedisChannelLayer receiver = layer();
    RedisChannelLayer sender = layer();
    String channel = receiver.newChannel();
    int master = ownerOfQueue(receiver, channel);

    cluster.kill(master);
    sendWhileChanging(sender, channel, cluster::awaitHealthy);
    sendOnceRecovered(sender, channel, numbered(-1));
    List<Integer> after = sendNumbered(sender, channel, FIRST_AFTER, 50);

    List<Integer> received = receiveUntil(receiver, channel, LAST);
    assertThat(received).containsSubsequence(after).endsWith(LAST);
    assertThat(received).doesNotHaveDuplicates();
    // What was acknowledged during the change may be lost with the master, which replicates
    // after acknowledging; sendWhileChanging has checked that each send completed.
    assertThat(cluster.masters()).doesNotContain(master);
  }

  @Test
  void aManualFailoverLosesNoAcknowledgedSendAndTheClientFollowsIt() {
    RedisChannelLayer receiver = layer();
    RedisChannelLayer sender = layer();
    String channel = receiver.newChannel();
    int master = ownerOfQueue(receiver, channel);
    int replica = cluster.replicaOf(master);

    List<Integer> during =
        sendWhileChanging(
            sender,
            channel,
            () -> {
              cluster.failover(replica);
              cluster.awaitHealthy();
            });
    List<Integer> after = sendNumbered(sender, channel, FIRST_AFTER, 50);

    List<Integer> received = receiveUntil(receiver, channel, LAST);
    assertThat(received).containsSubsequence(during).containsSubsequence(after);
    Awaitility.await()
        .atMost(RECOVERY)
        .until(() -> receiver.clusterOwnerPort(queueKey(receiver, channel)) == replica);
  }

  @Test
  void slotsMovedWhileTrafficFlowsLoseNoAcknowledgedSend() {
    RedisChannelLayer receiver = layer();
    RedisChannelLayer sender = layer();
    String channel = receiver.newChannel();
    receiver.groupAdd("moving", channel).join();
    int from = ownerOfQueue(receiver, channel);
    int to = cluster.masters().stream().filter(port -> port != from).findFirst().orElseThrow();

    List<Integer> during =
        sendWhileChanging(
            sender,
            channel,
            () -> {
              cluster.reshardAll(from, to);
              cluster.awaitHealthy();
            });
    sender.groupSend("moving", numbered(999)).join();
    List<Integer> after = sendNumbered(sender, channel, FIRST_AFTER, 50);

    List<Integer> received = receiveUntil(receiver, channel, LAST);
    assertThat(received).containsSubsequence(during).contains(999).containsSubsequence(after);
    assertThat(cluster.ownerOf(RedisClusterTestKeys.slot(queueKey(receiver, channel))))
        .isEqualTo(to);
  }

  @Test
  void aNodeAddedAndGivenTheQueuesSlotsIsFoundThroughMovedAndReceivesResume() {
    RedisChannelLayer receiver = layer();
    RedisChannelLayer sender = layer();
    String channel = receiver.newChannel();
    CompletableFuture<Message> waiting = receiver.receive(channel).toCompletableFuture();
    int from = ownerOfQueue(receiver, channel);

    int added = cluster.addNode();
    List<Integer> during =
        sendWhileChanging(
            sender,
            channel,
            () -> {
              cluster.reshardAll(from, added);
              cluster.awaitHealthy();
            });
    List<Integer> after = sendNumbered(sender, channel, FIRST_AFTER, 50);

    List<Integer> received = new ArrayList<>();
    received.add(number(waiting.join()));
    received.addAll(receiveUntil(receiver, channel, LAST));
    assertThat(received).containsSubsequence(during).containsSubsequence(after);
    assertThat(receiver.clusterOwnerPort(queueKey(receiver, channel))).isEqualTo(added);
  }

  @Test
  void aMembershipLostWithAnUnreplicatedWriteIsRestoredAfterTheFailover() {
    RedisChannelLayer member = layer();
    RedisChannelLayer sender = layer();
    String channel = member.newChannel();
    int master = cluster.ownerOf(RedisClusterTestKeys.slot(member.keys().group("survivors")));
    int replica = cluster.replicaOf(master);

    // The replica hears nothing of the add; the master dies with it.
    cluster.pause(replica);
    member.groupAdd("survivors", channel).join();
    cluster.kill(master);
    cluster.resume(replica);
    cluster.awaitHealthy();

    Awaitility.await()
        .atMost(RECOVERY)
        .ignoreExceptionsMatching(RedisClusterFaultsTest::isLayerFailure)
        .untilAsserted(
            () -> {
              sender.groupSend("survivors", numbered(7)).join();
              assertThat(member.blocking().receive(channel, Duration.ofMillis(500)))
                  .contains(numbered(7));
            });
    assertThat(cluster.masters()).contains(replica);
  }

  private RedisChannelLayer layer() {
    RedisChannelLayer layer =
        RedisChannelLayer.builder()
            // Room for every message a test sends before it reads.
            .settings(ChannelLayerSettings.builder().capacity(FIRST_AFTER).build())
            .options(
                RedisLayerOptions.builder()
                    .cluster(new RedisLayerOptions.Cluster(cluster.seeds()))
                    .build())
            .build();
    layers.add(layer);
    return layer;
  }

  private int ownerOfQueue(RedisChannelLayer layer, String channel) {
    return cluster.ownerOf(RedisClusterTestKeys.slot(queueKey(layer, channel)));
  }

  private static byte[] queueKey(RedisChannelLayer layer, String channel) {
    return layer.keys().queueOf(channel);
  }

  /**
   * Sends numbered messages one after another while {@code change} runs on another thread, and
   * returns the numbers of those that succeeded; every one must complete, and a failure must be the
   * layer's own exception.
   */
  private static List<Integer> sendWhileChanging(
      RedisChannelLayer sender, String channel, Runnable change) {
    AtomicBoolean changing = new AtomicBoolean(true);
    CompletableFuture<Void> done =
        CompletableFuture.runAsync(change).whenComplete((ok, failure) -> changing.set(false));
    List<Integer> succeeded = new ArrayList<>();
    for (int n = 0; (changing.get() || n < 20) && n < FIRST_AFTER / 2; n++) {
      if (sendCompletes(sender, channel, n)) {
        succeeded.add(n);
      }
    }
    done.join();
    return succeeded;
  }

  private static boolean sendCompletes(RedisChannelLayer sender, String channel, int n) {
    try {
      sender.send(channel, numbered(n)).toCompletableFuture().get(HUNG_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ChannelLayerException.class);
      return false;
    } catch (TimeoutException e) {
      throw new AssertionError("a send during the change did not complete: it hung", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void sendOnceRecovered(RedisChannelLayer sender, String channel, Message message) {
    Awaitility.await()
        .atMost(RECOVERY)
        .ignoreExceptionsMatching(RedisClusterFaultsTest::isLayerFailure)
        .until(
            () -> {
              sender.send(channel, message).toCompletableFuture().join();
              return true;
            });
  }

  private static List<Integer> sendNumbered(
      RedisChannelLayer sender, String channel, int first, int count) {
    List<Integer> sent = new ArrayList<>();
    for (int n = first; n < first + count; n++) {
      sender.send(channel, numbered(n)).toCompletableFuture().join();
      sent.add(n);
    }
    return sent;
  }

  private static List<Integer> receiveUntil(RedisChannelLayer receiver, String channel, int last) {
    List<Integer> received = new ArrayList<>();
    int n;
    do {
      n =
          number(
              receiver
                  .blocking()
                  .receive(channel, Duration.ofSeconds(30))
                  .orElseThrow(() -> new AssertionError("got " + received + ", not " + last)));
      received.add(n);
    } while (n != last);
    return received;
  }

  // What a send or receive may fail with while the cluster changes: the layer's own exception.
  private static boolean isLayerFailure(Throwable failure) {
    return Shard.unwrap(failure) instanceof ChannelLayerException;
  }

  private static Message numbered(int n) {
    return Message.of("test.numbered", "n", n);
  }

  private static int number(Message message) {
    return ((Number) message.get("n")).intValue();
  }
}
