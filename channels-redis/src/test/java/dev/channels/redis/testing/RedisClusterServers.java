package dev.channels.redis.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real Redis Clusters for tests: six {@code redis-server --cluster-enabled yes} on free ports,
 * joined by {@code redis-cli --cluster create --cluster-replicas 1} into three masters with a
 * replica each. {@link #shared()} is one cluster for the tests that only use it; {@link #start()}
 * makes one a test may break (kill a master, fail over, move slots, add a node). Every server is
 * killed when the JVM exits. Without {@code redis-server} the test is skipped, or fails with
 * CI=true, as {@link RedisServers} does.
 */
public final class RedisClusterServers {

  // Short, so a killed master's replica takes over within a few seconds.
  private static final String NODE_TIMEOUT_MILLIS = "1000";
  private static volatile Cluster shared;

  private RedisClusterServers() {}

  /** One cluster shared by the tests of this JVM that leave its nodes as they are. */
  public static synchronized Cluster shared() {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  /** A new cluster of three masters and three replicas, ready (cluster_state:ok everywhere). */
  public static Cluster start() {
    RedisServers.url(); // skips or fails as RedisServers does when there is no redis-server
    List<RedisServers.Process> nodes = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      nodes.add(startNode(RedisServers.freePort()));
    }
    Cluster cluster = new Cluster(nodes);
    cluster.create();
    return cluster;
  }

  private static RedisServers.Process startNode(int port) {
    return RedisServers.startOn(
        port,
        "--cluster-enabled",
        "yes",
        "--cluster-config-file",
        "nodes.conf",
        "--cluster-node-timeout",
        NODE_TIMEOUT_MILLIS,
        // A replica that was paused may still take over: its data may be behind, which is what
        // the tests of lost writes want.
        "--cluster-replica-validity-factor",
        "0");
  }

  /** A running test cluster. */
  public static final class Cluster {

    private final List<RedisServers.Process> nodes;

    Cluster(List<RedisServers.Process> nodes) {
      this.nodes = new ArrayList<>(nodes);
    }

    private void create() {
      List<String> create = new ArrayList<>(List.of("--cluster", "create"));
      nodes.forEach(node -> create.add("127.0.0.1:" + node.port()));
      create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
      cli(create.toArray(String[]::new));
      awaitHealthy();
    }

    /** Kills every node (SIGKILL): the whole cluster is away. */
    public void killAll() {
      nodes.forEach(RedisServers.Process::kill);
    }

    /**
     * Starts every node again, empty, on its port and joins them into a new cluster, as a cluster
     * rebuilt after losing all its data would be.
     */
    public void startAgainEmpty() {
      List<Integer> ports = ports();
      nodes.clear();
      ports.forEach(port -> nodes.add(startNode(port)));
      create();
    }

    /** The seed URLs, {@code redis://127.0.0.1:<port>}, of every node started. */
    public List<String> seeds() {
      return nodes.stream().map(node -> "redis://127.0.0.1:" + node.port()).toList();
    }

    /** The ports of the nodes that are masters now. */
    public List<Integer> masters() {
      return role("master");
    }

    /** The ports of the nodes that are replicas now. */
    public List<Integer> replicas() {
      return role("slave");
    }

    private List<Integer> role(String role) {
      List<Integer> ports = new ArrayList<>();
      for (String line : nodesView().split("\n")) {
        String[] fields = line.split(" ");
        if (fields.length > 2 && !fields[2].contains("fail") && fields[2].contains(role)) {
          ports.add(
              Integer.parseInt(
                  fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@'))));
        }
      }
      return ports;
    }

    // CLUSTER NODES as a node that is up sees it.
    private String nodesView() {
      for (RedisServers.Process node : nodes) {
        if (RedisServers.answers(node.port())) {
          return command(node.port(), "cluster", "nodes");
        }
      }
      throw new AssertionError("no node of the cluster answers");
    }

    /** The port of the master that owns {@code slot} now. */
    public int ownerOf(int slot) {
      for (String line : nodesView().split("\n")) {
        String[] fields = line.split(" ");
        if (fields.length > 8 && fields[2].contains("master") && !fields[2].contains("fail")) {
          for (int i = 8; i < fields.length; i++) {
            if (covers(fields[i], slot)) {
              return Integer.parseInt(
                  fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
            }
          }
        }
      }
      throw new AssertionError("no master owns slot " + slot);
    }

    private static boolean covers(String range, int slot) {
      if (range.startsWith("[")) {
        return false;
      }
      String[] bounds = range.split("-");
      int low = Integer.parseInt(bounds[0]);
      int high = bounds.length > 1 ? Integer.parseInt(bounds[1]) : low;
      return low <= slot && slot <= high;
    }

    /** The port of a replica of the master on {@code masterPort}. */
    public int replicaOf(int masterPort) {
      String masterId = command(masterPort, "cluster", "myid").trim();
      for (String line : nodesView().split("\n")) {
        String[] fields = line.split(" ");
        if (fields.length > 3 && fields[3].equals(masterId) && !fields[2].contains("fail")) {
          return Integer.parseInt(
              fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
        }
      }
      throw new AssertionError("master on port " + masterPort + " has no replica");
    }

    /** Pauses the node on {@code port} (SIGSTOP); it neither answers nor replicates. */
    public void pause(int port) {
      process(port).pause();
    }

    /** Lets a paused node run again (SIGCONT). */
    public void resume(int port) {
      process(port).resume();
    }

    /** Kills the node on {@code port} (SIGKILL), as a crash would. */
    public void kill(int port) {
      process(port).kill();
    }

    /**
     * Makes the replica on {@code replicaPort} take over from its master (CLUSTER FAILOVER), asking
     * again if a try times out (Redis gives a manual failover 5 s), until it is the master.
     */
    public void failover(int replicaPort) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        command(replicaPort, "cluster", "failover");
        long attempt = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
        while (System.nanoTime() < attempt) {
          if (command(replicaPort, "role").startsWith("master")) {
            return;
          }
          waitABit();
        }
      }
      throw new AssertionError("the replica on " + replicaPort + " did not take over within 60 s");
    }

    /**
     * Moves {@code slots} slots from the master on {@code fromPort} to the one on {@code toPort}
     * with {@code redis-cli --cluster reshard}, keys included.
     */
    public void reshard(int fromPort, int toPort, int slots) {
      cli(
          "--cluster",
          "reshard",
          "127.0.0.1:" + fromPort,
          "--cluster-from",
          command(fromPort, "cluster", "myid").trim(),
          "--cluster-to",
          command(toPort, "cluster", "myid").trim(),
          "--cluster-slots",
          Integer.toString(slots),
          "--cluster-yes",
          "--cluster-pipeline",
          "100");
    }

    /** Moves every slot of the master on {@code fromPort} to the one on {@code toPort}. */
    public void reshardAll(int fromPort, int toPort) {
      reshard(fromPort, toPort, slotCount(fromPort));
    }

    private int slotCount(int port) {
      String id = command(port, "cluster", "myid").trim();
      int count = 0;
      for (String line : nodesView().split("\n")) {
        String[] fields = line.split(" ");
        if (fields[0].equals(id)) {
          for (int i = 8; i < fields.length; i++) {
            if (!fields[i].startsWith("[")) {
              String[] bounds = fields[i].split("-");
              count +=
                  bounds.length > 1
                      ? Integer.parseInt(bounds[1]) - Integer.parseInt(bounds[0]) + 1
                      : 1;
            }
          }
        }
      }
      return count;
    }

    /** Starts a new node and adds it to the cluster as an empty master; returns its port. */
    public int addNode() {
      RedisServers.Process node = startNode(RedisServers.freePort());
      nodes.add(node);
      cli("--cluster", "add-node", "127.0.0.1:" + node.port(), "127.0.0.1:" + masters().get(0));
      awaitHealthy();
      return node.port();
    }

    /** Waits until every node that runs reports cluster_state:ok and all agree on the slots. */
    public void awaitHealthy() {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        if (healthy()) {
          return;
        }
        waitABit();
      }
      throw new AssertionError(
          "the test cluster did not become healthy within 60 s:\n" + nodesView());
    }

    private boolean healthy() {
      int any = -1;
      for (RedisServers.Process node : nodes) {
        if (!RedisServers.answers(node.port())) {
          continue;
        }
        any = node.port();
        if (!command(node.port(), "cluster", "info").contains("cluster_state:ok")) {
          return false;
        }
        String replication = command(node.port(), "info", "replication");
        if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
          return false;
        }
      }
      return any > 0 && run(cliCommand("--cluster", "check", "127.0.0.1:" + any)).exit == 0;
    }

    /** Runs a command on one node with redis-cli and returns its output. */
    public String command(int port, String... args) {
      List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
      command.addAll(Arrays.asList(args));
      Result result = run(command);
      if (result.exit != 0) {
        throw new AssertionError("redis-cli " + command + " failed: " + result.output);
      }
      return result.output;
    }

    /** The ports of every node started, up or not. */
    public List<Integer> ports() {
      return nodes.stream().map(RedisServers.Process::port).toList();
    }

    private void cli(String... args) {
      Result result = run(cliCommand(args));
      if (result.exit != 0) {
        throw new AssertionError(
            "redis-cli " + String.join(" ", args) + " failed: " + result.output);
      }
    }

    private static List<String> cliCommand(String... args) {
      List<String> command = new ArrayList<>(List.of("redis-cli"));
      command.addAll(Arrays.asList(args));
      return command;
    }

    private RedisServers.Process process(int port) {
      return nodes.stream()
          .filter(node -> node.port() == port)
          .findFirst()
          .orElseThrow(() -> new AssertionError("no node on port " + port));
    }
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command) {
    try {
      java.lang.Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not finish within 120 s");
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("Could not run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  // Cluster state converges over the cluster bus in a few hundred milliseconds; polling it is what
  // the test waits for, not a timing it asserts.
  private static void waitABit() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
