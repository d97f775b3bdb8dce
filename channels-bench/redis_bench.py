#!/usr/bin/python3
"""Spring Channels' Redis layer against Django Channels' channels_redis, in one run, on one Redis.

Every workload runs for each implementation in turn, each process of it separate: the Java
workers (dev.channels.bench.redis.Worker) and the Python ones (peers/channels_redis_worker.py,
for RedisChannelLayer "core" and RedisPubSubChannelLayer "pubsub") play the same roles.
Prints a table, writes channels-bench/target/redis-results.json and, with matplotlib, a chart.

Usage: redis_bench.py [--quick] [--url redis://127.0.0.1:6379/0]
BENCH_JVM_OPTIONS, if set, goes to every Java worker's command line (e.g. -XX:+UseSerialGC).
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
JAR = os.path.join(HERE, "target", "benchmarks.jar")
PEER = os.path.join(HERE, "peers", "channels_redis_worker.py")
IMPLS = ("spring", "core", "pubsub")
NAMES = {"spring": "Spring Channels", "core": "channels_redis RedisChannelLayer",
         "pubsub": "channels_redis RedisPubSubChannelLayer"}


class Worker:
    """One worker process; reads its 'ready' and 'done' lines."""

    def __init__(self, impl, role, url, prefix, **args):
        words = [f"{k}={v}" for k, v in args.items()] + [f"url={url}", f"prefix={prefix}"]
        if impl == "spring":
            command = (["java"] + os.environ.get("BENCH_JVM_OPTIONS", "").split()
                       + ["-cp", JAR, "dev.channels.bench.redis.Worker", role] + words)
        else:
            command = ["/usr/bin/python3", PEER, role, f"impl={impl}"] + words
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True)

    def expect(self, word):
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("worker ended early: " + self.process.stderr.read()[-2000:])
            if line.startswith(word):
                return line.split()[1:]

    def ready(self):
        return self.expect("ready")[0].split(",")

    def done(self):
        figures = [int(x) for x in self.expect("done")]
        self.process.wait(timeout=60)
        return figures


def prefix():
    return "bench-" + uuid.uuid4().hex[:8] + ":"


def point_to_point(impl, url, messages, rate=0, warmup=0, probe=None):
    p = prefix()
    receiver = Worker(impl, "receive", url, p, channels=1, expect=messages, warmup=warmup)
    channel = receiver.ready()[0]
    if probe:
        probe.start()
    sender = Worker(impl, "send", url, p, target=channel, messages=messages, rate=rate)
    sent, start, _end, refused = sender.done()
    received, _first, last, p50, p99, p999, worst, warmed_up = receiver.done()
    result = {"messages": received, "per_second": received / ((last - start) / 1e6),
              "p50_ms": p50 / 1000, "p99_ms": p99 / 1000, "p999_ms": p999 / 1000,
              "max_ms": worst / 1000, "refused": refused}
    if probe:
        result["probe"] = probe.stop(since=warmed_up / 1e6, until=last / 1e6)
    return result


class RoundTripProbe:
    """A bare client beside a latency run: one PING to Redis a millisecond, on a connection of its
    own, no channel layer. Its round trips over the run's steady state show what the machine
    itself does to a message's way through Redis under that load: the floor under the run's p99."""

    def __init__(self, url):
        address = urllib.parse.urlparse(url)
        self.address = (address.hostname or "127.0.0.1", address.port or 6379)
        self.samples = []
        self.running = False

    def start(self):
        self.running = True
        self.thread = threading.Thread(target=self._ping, daemon=True)
        self.thread.start()

    def _ping(self):
        with socket.create_connection(self.address) as connection:
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            due = time.perf_counter()
            while self.running:
                sent = time.time()
                began = time.perf_counter()
                connection.sendall(b"PING\r\n")
                connection.recv(64)
                self.samples.append((sent, (time.perf_counter() - began) * 1000))
                due += 0.001
                time.sleep(max(0.0, due - time.perf_counter()))

    def stop(self, since, until):
        self.running = False
        self.thread.join()
        rtts = sorted(rtt for sent, rtt in self.samples if since <= sent <= until)
        if not rtts:
            return {"pings": 0}
        at = lambda q: rtts[min(len(rtts) - 1, int(q * len(rtts)))]  # noqa: E731
        return {"pings": len(rtts), "p50_ms": at(0.5), "p99_ms": at(0.99), "p999_ms": at(0.999),
                "max_ms": rtts[-1],
                "over_2ms_percent": 100 * sum(rtt > 2 for rtt in rtts) / len(rtts)}


def fan_out(impl, url, sends, processes=4, channels=50):
    """Deliveries a second in the steady state: each receiver leaves out its first third, the
    stretch in which a JVM still compiles its hot paths (the Python peers get the same cut)."""
    p = prefix()
    group = "bench_room"
    expect = sends * channels
    warmup = expect // 3
    receivers = [Worker(impl, "receive", url, p, channels=channels, group=group,
                        expect=expect, warmup=warmup, nolatency="true")
                 for _ in range(processes)]
    for receiver in receivers:
        receiver.ready()
    sender = Worker(impl, "groupsend", url, p, group=group, messages=sends)
    sender.done()
    results = [receiver.done() for receiver in receivers]
    delivered = sum(r[0] for r in results)
    counted = sum(r[0] - warmup for r in results)
    start = min(r[7] for r in results)
    last = max(r[2] for r in results)
    return {"group_sends": sends, "deliveries": delivered,
            "expected": sends * processes * channels,
            "per_second": counted / ((last - start) / 1e6)}


def group_send_cost(impl, url, members, sends):
    """Blocking group sends to a group of `members` channels spread over 4 instances."""
    p = prefix()
    Worker(impl, "members", url, p, group="bench_cost", count=members, instances=4).done()
    sender = Worker(impl, "groupsend", url, p, group="bench_cost", messages=sends, blocking="true")
    sent, start, end, _ = sender.done()
    return {"members": members, "group_sends": sent, "per_second": sent / ((end - start) / 1e6),
            "microseconds_each": (end - start) / sent}


def blocking_group_send(impl, url, sends, members=10, threads=1):
    p = prefix()
    receiver = Worker(impl, "receive", url, p, channels=members, group="bench_sync",
                      expect=sends * members)
    receiver.ready()
    before = script_time(url)
    sender = Worker(impl, "groupsend", url, p, group="bench_sync", messages=sends,
                    blocking="true", threads=threads)
    sent, start, end, _ = sender.done()
    after = script_time(url)
    receiver.done()
    calls = after[0] - before[0]
    return {"group_sends": sent, "per_second": sent / ((end - start) / 1e6),
            "script_us_each": (after[1] - before[1]) / calls if calls else None}


def script_time(url):
    """(calls, microseconds) Redis has spent in EVALSHA so far, from INFO commandstats."""
    address = urllib.parse.urlparse(url)
    out = subprocess.run(["redis-cli", "-h", address.hostname or "127.0.0.1",
                          "-p", str(address.port or 6379), "info", "commandstats"],
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("cmdstat_evalsha:"):
            fields = dict(item.split("=") for item in line.split(":", 1)[1].split(","))
            return int(fields["calls"]), int(fields["usec"])
    return 0, 0


def redis_benchmark_get(url, requests):
    """GETs a second from redis-benchmark on one connection, one at a time: the machine's floor."""
    address = urllib.parse.urlparse(url)
    out = subprocess.run(["redis-benchmark", "-h", address.hostname or "127.0.0.1",
                          "-p", str(address.port or 6379), "-c", "1", "-n", str(requests),
                          "-t", "get", "--csv"], capture_output=True, text=True, check=True).stdout
    return float(out.strip().splitlines()[-1].split(",")[1].strip('"'))


def run(url, quick):
    scale = 0.2 if quick else 1.0
    n = lambda value: max(1, int(value * scale))  # noqa: E731
    results = {"url": url, "date": time.strftime("%Y-%m-%d"), "quick": quick,
               "jvm_options": os.environ.get("BENCH_JVM_OPTIONS", "")}
    print("== point to point: one sender process, one channel in a receiver process", flush=True)
    sizes = {"spring": n(500_000), "core": n(6_000), "pubsub": n(30_000)}
    results["point_to_point"] = {impl: point_to_point(impl, url, sizes[impl]) for impl in IMPLS}
    show(results["point_to_point"], "msgs/s")

    print("== fan-out: group send to 4 processes x 50 channels (steady state: the first third"
          " of each receiver's deliveries left out)", flush=True)
    sends = {"spring": n(60_000), "core": n(1_500), "pubsub": n(12_000)}
    results["fan_out"] = {impl: fan_out(impl, url, sends[impl]) for impl in IMPLS}
    show(results["fan_out"], "deliveries/s")

    print("== group send cost by group size (blocking sends, members over 4 instances)", flush=True)
    results["group_size"] = {}
    for impl, plan in {"spring": [(10, n(20_000)), (10_000, n(20_000))],
                       "core": [(10, n(2_000)), (10_000, max(5, n(50)))]}.items():
        results["group_size"][impl] = [group_send_cost(impl, url, m, s) for m, s in plan]
        small, large = results["group_size"][impl]
        print(f"  {NAMES[impl]:<40} 10 members: {small['microseconds_each']:8.0f} us/send, "
              f"10,000 members: {large['microseconds_each']:8.0f} us/send, "
              f"ratio {large['microseconds_each'] / small['microseconds_each']:.2f}", flush=True)

    print("== blocking group send from a plain thread (10 members)", flush=True)
    sends = {"spring": n(100_000), "core": n(2_000), "pubsub": n(4_000)}
    results["blocking_group_send"] = {impl: blocking_group_send(impl, url, sends[impl])
                                      for impl in IMPLS}
    show(results["blocking_group_send"], "group sends/s")
    # 64 plain threads: a web server's request threads sending to one room.
    for threads, key in ((4, "blocking_group_send_threads"), (64, "blocking_group_send_64")):
        results[key] = blocking_group_send("spring", url, n(50_000 * threads ** 0.5), threads=threads)
        print(f"  {NAMES['spring']:<40} {results[key]['per_second']:>12,.0f}"
              f" group sends/s from {threads} plain threads together", flush=True)
    pings = n(50_000)
    sent, start, end, _ = Worker("spring", "ping", url, prefix(), messages=pings).done()
    results["lettuce_round_trip_us"] = (end - start) / sent
    results["redis_benchmark_round_trip_us"] = 1e6 / redis_benchmark_get(url, pings)
    print("  floor, one round trip at a time on one connection:\n"
          f"    a blocking Lettuce GET     {results['lettuce_round_trip_us']:6.1f} us,"
          f" {1e6 / results['lettuce_round_trip_us']:9,.0f}/s\n"
          f"    redis-benchmark -c 1 GET   {results['redis_benchmark_round_trip_us']:6.1f} us,"
          f" {1e6 / results['redis_benchmark_round_trip_us']:9,.0f}/s (C, no thread hand-off)",
          flush=True)
    script_us = results["blocking_group_send"]["spring"]["script_us_each"]
    if script_us:
        floor_us = results["redis_benchmark_round_trip_us"] + script_us
        results["blocking_group_send_floor_us"] = floor_us
        print(f"    + the group-send script    {script_us:6.1f} us in Redis (INFO commandstats)\n"
              f"    = a confirmed group send  {floor_us:6.1f} us, {1e6 / floor_us:9,.0f}/s at best"
              " from one thread, whatever the client", flush=True)

    print("== latency, point to point at half of each one's maximum throughput (steady state: "
          "36 s at the rate, the first 24 s left out)", flush=True)
    results["latency"] = {}
    for impl in IMPLS:
        # The JVMs still compile hot code well into the run; on 2 cores that moves the tail.
        rate = results["point_to_point"][impl]["per_second"] / 2
        messages = max(300, int(rate * 36 * scale))
        results["latency"][impl] = point_to_point(impl, url, messages, rate=rate,
                                                  warmup=messages * 2 // 3,
                                                  probe=RoundTripProbe(url))
        r = results["latency"][impl]
        q = r["probe"]
        print(f"  {NAMES[impl]:<40} at {rate:9.0f} msgs/s: p50 {r['p50_ms']:.3f} ms, "
              f"p99 {r['p99_ms']:.3f} ms, p99.9 {r['p999_ms']:.3f} ms\n"
              f"  {'  beside it, a bare PING a ms:':<40} {q['pings']:>9} pings: p50 {q['p50_ms']:.3f}"
              f" ms, p99 {q['p99_ms']:.3f} ms, p99.9 {q['p999_ms']:.3f} ms,"
              f" {q['over_2ms_percent']:.2f} % over 2 ms", flush=True)
    return results


def show(by_impl, unit):
    base = by_impl["spring"]["per_second"]
    for impl, result in by_impl.items():
        ratio = "" if impl == "spring" else f"  (Spring is {base / result['per_second']:.1f}x)"
        print(f"  {NAMES[impl]:<40} {result['per_second']:>12,.0f} {unit}{ratio}", flush=True)


def chart(results, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(matplotlib is not installed: no chart; apt-get install python3-matplotlib)")
        return
    panels = [("point_to_point", "Point to point (msgs/s)"),
              ("fan_out", "Fan-out to 4 x 50 (deliveries/s)"),
              ("blocking_group_send", "Blocking group send (sends/s)")]
    figure, axes = plt.subplots(1, len(panels), figsize=(13, 4))
    colours = {"spring": "#6db33f", "core": "#0c4b33", "pubsub": "#44b78b"}
    for axis, (key, title) in zip(axes, panels):
        impls = list(results[key])
        values = [results[key][impl]["per_second"] for impl in impls]
        bars = axis.bar([NAMES[i].replace("channels_redis ", "channels_redis\n") for i in impls],
                        values, color=[colours[i] for i in impls])
        axis.set_yscale("log")
        axis.set_title(title)
        axis.tick_params(axis="x", labelsize=7)
        for bar, value in zip(bars, values):
            axis.annotate(f"{value:,.0f}", (bar.get_x() + bar.get_width() / 2, value),
                          ha="center", va="bottom", fontsize=8)
    figure.suptitle("Spring Channels vs channels_redis on one Redis, 2 cores "
                    f"({results['date']})")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    print("chart:", path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--chart", default=os.path.join(HERE, "..", "docs", "redis-benchmark.png"))
    options = parser.parse_args()
    if not os.path.exists(JAR):
        sys.exit("build the benchmarks first: ./mvnw -pl channels-bench -am package -DskipTests")
    results = run(options.url, options.quick)
    with open(os.path.join(HERE, "target", "redis-results.json"), "w") as out:
        json.dump(results, out, indent=2)
    chart(results, options.chart)


if __name__ == "__main__":
    main()
