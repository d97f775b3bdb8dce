#!/usr/bin/python3
"""Spring Channels' RabbitMQ layer against its Redis layer, in one run, on one machine.

The same workloads and method as redis_bench.py, each process separate: the Java workers
(dev.channels.bench.redis.Worker, with backend=rabbitmq for RabbitMQ) play every role for both
backends. channels_rabbitmq itself cannot be installed here, so the Django peer is left out; the
floor under the RabbitMQ figures is the plain RabbitMQ Java client (dev.channels.bench.rabbitmq.
AmqpFloor: confirmed publishes to a consumer in another process acking in batches, as the layer
does; no layer), measured in the same run.
Prints a table and writes channels-bench/target/rabbitmq-results.json.

Usage: rabbitmq_bench.py [--quick] [--amqp amqp://guest:guest@127.0.0.1:5672] [--redis URL]
The run makes a virtual host of its own with rabbitmqctl (as root) and deletes it at the end.
"""
import argparse
import json
import os
import subprocess
import sys
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
JAR = os.path.join(HERE, "target", "benchmarks.jar")
IMPLS = ("rabbitmq", "redis")
NAMES = {"rabbitmq": "Spring Channels on RabbitMQ", "redis": "Spring Channels on Redis",
         "floor": "RabbitMQ Java client, no layer"}
# The floor: confirmed publishes (512 in flight) to a consumer in another process that acks every
# 32nd message, as the layer does, with no layer around either: what the broker, the client and
# this machine allow for the same traffic.


class Worker:
    """One worker process; reads its 'ready' and 'done' lines."""

    def __init__(self, impl, role, urls, prefix, main="dev.channels.bench.redis.Worker", **args):
        words = [f"{k}={v}" for k, v in args.items()] + [f"prefix={prefix}"]
        if impl == "redis":
            words.append(f"url={urls['redis']}")
        else:
            words += ["backend=rabbitmq", f"uri={urls['amqp']}"]
        command = (["java"] + os.environ.get("BENCH_JVM_OPTIONS", "").split()
                   + ["-cp", JAR, main, role] + words)
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)

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
        self.process.wait(timeout=120)
        return figures

    def release(self):
        """Closes the worker's standard input: a holding worker ends."""
        self.process.stdin.close()
        return self.done()


def prefix():
    return "bench-" + uuid.uuid4().hex[:8] + "."


def point_to_point(impl, urls, messages):
    p = prefix()
    receiver = Worker(impl, "receive", urls, p, channels=1, expect=messages, nolatency="true")
    channel = receiver.ready()[0]
    sender = Worker(impl, "send", urls, p, target=channel, messages=messages)
    sent, start, _end, refused = sender.done()
    received, _first, last, *_ = receiver.done()
    return {"messages": sent, "received": received, "lost": sent - received,
            "per_second": received / ((last - start) / 1e6), "refused": refused}


def floor(urls, messages):
    queue = "bench-floor-" + uuid.uuid4().hex[:8]
    main = "dev.channels.bench.rabbitmq.AmqpFloor"
    receiver = Worker("floor", "receive", urls, "-", main=main, queue=queue, expect=messages)
    receiver.ready()
    sender = Worker("floor", "send", urls, "-", main=main, queue=queue, messages=messages)
    sent, start, _end, nacked = sender.done()
    received, _first, last = receiver.done()
    return {"messages": sent, "received": received, "lost": sent - received, "nacked": nacked,
            "per_second": received / ((last - start) / 1e6)}


def fan_out(impl, urls, sends, processes=4, channels=50):
    """Deliveries a second in the steady state: each receiver leaves out its first third."""
    p = prefix()
    group = "bench_room"
    expect = sends * channels
    warmup = expect // 3
    receivers = [Worker(impl, "receive", urls, p, channels=channels, group=group,
                        expect=expect, warmup=warmup, nolatency="true")
                 for _ in range(processes)]
    for receiver in receivers:
        receiver.ready()
    sender = Worker(impl, "groupsend", urls, p, group=group, messages=sends)
    sender.done()
    results = [receiver.done() for receiver in receivers]
    delivered = sum(r[0] for r in results)
    counted = sum(r[0] - warmup for r in results)
    start = min(r[7] for r in results)
    last = max(r[2] for r in results)
    return {"group_sends": sends, "deliveries": delivered,
            "expected": sends * processes * channels, "lost": sends * processes * channels - delivered,
            "per_second": counted / ((last - start) / 1e6)}


def group_send_cost(impl, urls, members, sends):
    """Blocking group sends to a group of `members` channels in 4 instances, which stay up for
    the run: on RabbitMQ memberships live in their instances (channels beyond 100 unread messages
    drop the rest, as the instances do not read them)."""
    p = prefix()
    holders = [Worker(impl, "members", urls, p, group="bench_cost", count=members // 4,
                      instances=1, hold="true", capacity=100) for _ in range(4)]
    for holder in holders:
        holder.expect("ready")
    sender = Worker(impl, "groupsend", urls, p, group="bench_cost", messages=sends, blocking="true")
    sent, start, end, _ = sender.done()
    for holder in holders:
        holder.release()
    return {"members": members, "group_sends": sent, "per_second": sent / ((end - start) / 1e6),
            "microseconds_each": (end - start) / sent}


def run(urls, quick):
    scale = 0.2 if quick else 1.0
    n = lambda value: max(1, int(value * scale))  # noqa: E731
    results = {"date": time.strftime("%Y-%m-%d"), "quick": quick,
               "jvm_options": os.environ.get("BENCH_JVM_OPTIONS", "")}
    print("== point to point: one sender process, one channel in a receiver process", flush=True)
    results["point_to_point"] = {impl: point_to_point(impl, urls, n(300_000)) for impl in IMPLS}
    results["point_to_point"]["floor"] = floor(urls, n(300_000))
    show(results["point_to_point"], "msgs/s")

    print("== fan-out: group send to 4 processes x 50 channels (steady state: the first third"
          " of each receiver's deliveries left out)", flush=True)
    results["fan_out"] = {impl: fan_out(impl, urls, n(20_000)) for impl in IMPLS}
    show(results["fan_out"], "deliveries/s")

    print("== group send cost by group size (blocking sends, members in 4 instances)", flush=True)
    results["group_size"] = {}
    for impl in IMPLS:
        plan = [(12, n(10_000)), (10_000, n(2_000))]
        results["group_size"][impl] = [group_send_cost(impl, urls, m, s) for m, s in plan]
        small, large = results["group_size"][impl]
        print(f"  {NAMES[impl]:<40} {small['members']} members: "
              f"{small['microseconds_each']:8.0f} us/send, {large['members']:,} members: "
              f"{large['microseconds_each']:8.0f} us/send, "
              f"ratio {large['microseconds_each'] / small['microseconds_each']:.2f}", flush=True)
    return results


def show(by_impl, unit):
    base = by_impl["rabbitmq"]["per_second"]
    for impl, result in by_impl.items():
        ratio = "" if impl == "rabbitmq" else f"  (RabbitMQ layer is {base / result['per_second']:.2f}x)"
        lost = result.get("lost", 0)
        print(f"  {NAMES[impl]:<40} {result['per_second']:>12,.0f} {unit}, lost {lost}{ratio}",
              flush=True)


def rabbitmqctl(*args):
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--amqp", default="amqp://guest:guest@127.0.0.1:5672")
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    options = parser.parse_args()
    if not os.path.exists(JAR):
        sys.exit("build the benchmarks first: ./mvnw -pl channels-bench -am package -DskipTests")
    vhost = "channels-bench-" + uuid.uuid4().hex[:8]
    rabbitmqctl("add_vhost", vhost)
    rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    try:
        urls = {"amqp": f"{options.amqp}/{vhost}", "redis": options.redis}
        results = run(urls, options.quick)
    finally:
        rabbitmqctl("delete_vhost", vhost)
    with open(os.path.join(HERE, "target", "rabbitmq-results.json"), "w") as out:
        json.dump(results, out, indent=2)


if __name__ == "__main__":
    main()
