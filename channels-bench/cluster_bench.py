#!/usr/bin/python3
"""Spring Channels' Redis layer on a Redis Cluster of 3 masters (and 3 replicas) against one Redis,
in one run on one machine, same workloads, each process of a workload separate (the Java workers
of redis_bench.py, dev.channels.bench.redis.Worker, with cluster=...).

Workloads: point to point; fan-out to 4 instances x 50 channels in one group; group sends spread
over many groups (one member each). For the last, on the cluster: each master's share of script
calls (EVALSHA + EVAL in INFO commandstats, reset before the run), and the most connections each
instance held on each node while it ran (CLIENT LIST, by the connections' names), for few and many
groups.

Starts its own servers on free ports (a single redis-server and six cluster nodes) and stops them.
The cluster runs once with a replica per master, as asked, and once without, since on a small
machine the replicas' CPU is part of what the cluster costs.
Usage: cluster_bench.py [--quick]. Writes channels-bench/target/cluster-results.json.
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import redis_bench as rb  # noqa: E402

SERVERS = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(port, *args):
    return subprocess.run(["redis-cli", "-p", str(port)] + list(args), capture_output=True,
                          text=True, check=True).stdout


def start_server(*extra):
    port = free_port()
    directory = tempfile.mkdtemp(prefix="cluster-bench-")
    SERVERS.append(subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", directory] + list(extra),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    while True:
        try:
            if cli(port, "ping").strip() == "PONG":
                return port
        except subprocess.CalledProcessError:
            pass
        time.sleep(0.05)


def stop_servers(ports):
    for port in ports:
        try:
            cli(port, "shutdown", "nosave")
        except subprocess.CalledProcessError:
            pass  # it closes the connection as it stops


def start_cluster(replicas):
    ports = [start_server("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                          "--cluster-node-timeout", "5000") for _ in range(3 * (1 + replicas))]
    subprocess.run(["redis-cli", "--cluster", "create"] + [f"127.0.0.1:{p}" for p in ports]
                   + ["--cluster-replicas", str(replicas), "--cluster-yes"], capture_output=True,
                   check=True)
    while not all("cluster_state:ok" in cli(p, "cluster", "info") for p in ports):
        time.sleep(0.1)
    while subprocess.run(["redis-cli", "--cluster", "check", f"127.0.0.1:{ports[0]}"],
                         capture_output=True).returncode != 0:
        time.sleep(0.1)
    masters = [p for p in ports if "role:master" in cli(p, "info", "replication")]
    return ports, masters


class Target:
    """Where the workers connect: one Redis (url) or the cluster (seeds)."""

    def __init__(self, name, url, seeds=None):
        self.name, self.url, self.seeds = name, url, seeds

    def worker(self, role, prefix, **args):
        if self.seeds:
            args["cluster"] = ",".join(self.seeds)
        return rb.Worker("spring", role, self.url, prefix, **args)


def point_to_point(target, messages):
    p = rb.prefix()
    receiver = target.worker("receive", p, channels=1, expect=messages, warmup=messages // 3,
                             nolatency="true")
    channel = receiver.ready()[0]
    _sent, start, _end, _refused = target.worker("send", p, target=channel,
                                                 messages=messages).done()
    received, _first, last, *_ = receiver.done()
    return {"messages": received, "per_second": received / ((last - start) / 1e6)}


def fan_out(target, sends, processes=4, channels=50):
    p = rb.prefix()
    expect = sends * channels
    receivers = [target.worker("receive", p, channels=channels, group="bench_room", expect=expect,
                               warmup=expect // 3, nolatency="true") for _ in range(processes)]
    for receiver in receivers:
        receiver.ready()
    target.worker("groupsend", p, group="bench_room", messages=sends).done()
    results = [receiver.done() for receiver in receivers]
    counted = sum(r[0] - expect // 3 for r in results)
    start, last = min(r[7] for r in results), max(r[2] for r in results)
    return {"deliveries": sum(r[0] for r in results), "expected": sends * processes * channels,
            "per_second": counted / ((last - start) / 1e6)}


class ConnectionProbe:
    """The most connections each instance (a connection name) holds on each node, sampled."""

    def __init__(self, ports):
        self.ports, self.most, self.running = ports, {}, False

    def start(self):
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self):
        while self.running:
            for port in self.ports:
                counts = {}
                for line in cli(port, "client", "list").splitlines():
                    name = next((f[5:] for f in line.split() if f.startswith("name=")), "")
                    if name.startswith("channels-"):
                        counts[name] = counts.get(name, 0) + 1
                for count in counts.values():
                    self.most[port] = max(self.most.get(port, 0), count)
            time.sleep(0.2)

    def stop(self):
        self.running = False
        self.thread.join()
        return self.most


def script_calls(port):
    calls = 0
    for line in cli(port, "info", "commandstats").splitlines():
        if line.startswith(("cmdstat_evalsha:", "cmdstat_eval:")):
            calls += int(line.split("calls=")[1].split(",")[0])
    return calls


def many_groups(target, groups, sends, ports=(), masters=()):
    p = rb.prefix()
    for port in masters:
        cli(port, "config", "resetstat")
    probe = ConnectionProbe(ports)
    probe.start()
    receiver = target.worker("receive", p, channels=groups, group="bench_g", groups=groups,
                             expect=sends, warmup=sends // 3, nolatency="true", idle=60)
    receiver.ready()
    _sent, start, _end, _ = target.worker("groupsend", p, group="bench_g", groups=groups,
                                          messages=sends).done()
    received, _first, last, *_ = receiver.done()
    result = {"groups": groups, "group_sends": sends, "received": received,
              "per_second": received / ((last - start) / 1e6)}
    most = probe.stop()
    if ports:
        result["most_connections_per_instance_by_node"] = {str(k): v for k, v in most.items()}
    if masters:
        calls = {port: script_calls(port) for port in masters}
        total = sum(calls.values())
        result["script_calls_by_master"] = {str(k): v for k, v in calls.items()}
        result["script_share_by_master"] = {str(k): round(v / total, 3) for k, v in calls.items()}
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    messages, fan_sends, group_sends = (20_000, 300, 20_000) if quick else (200_000, 2_000, 100_000)
    many = 1_000
    try:
        single = start_server()
        url = f"redis://127.0.0.1:{single}/0"
        results = {}
        # The cluster with replicas is the one asked for; without, what replication costs here.
        for name, replicas in (("single", None), ("cluster", 1), ("cluster_without_replicas", 0)):
            r = results.setdefault(name, {})
            if replicas is None:
                target, ports, masters = Target(name, url), (), ()
            else:
                ports, masters = start_cluster(replicas)
                target = Target(name, url, [f"redis://127.0.0.1:{p}" for p in ports])
            r["point_to_point"] = point_to_point(target, messages)
            r["fan_out_4x50"] = fan_out(target, fan_sends)
            r["many_groups"] = many_groups(target, many, group_sends, ports, masters)
            if replicas is not None:
                r["few_groups"] = many_groups(target, 10, group_sends, ports, masters)
                stop_servers(ports)
            print(name, json.dumps(r, indent=1), flush=True)
        for name in ("cluster", "cluster_without_replicas"):
            for workload in ("point_to_point", "fan_out_4x50", "many_groups"):
                ratio = results[name][workload]["per_second"] / results["single"][workload][
                    "per_second"]
                results.setdefault("ratio_to_single", {}).setdefault(name, {})[workload] = round(
                    ratio, 3)
        print(json.dumps(results["ratio_to_single"], indent=1))
        os.makedirs(os.path.join(rb.HERE, "target"), exist_ok=True)
        with open(os.path.join(rb.HERE, "target", "cluster-results.json"), "w") as out:
            json.dump(results, out, indent=1)
    finally:
        for server in SERVERS:
            server.kill()


if __name__ == "__main__":
    main()
