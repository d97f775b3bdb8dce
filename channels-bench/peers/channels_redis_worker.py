#!/usr/bin/python3
"""The channels_redis side of channels-bench/redis_bench.py: the roles of the Java Worker, played
by Django Channels' RedisChannelLayer (impl=core) or RedisPubSubChannelLayer (impl=pubsub).

Usage: channels_redis_worker.py ROLE key=value...   (see dev.channels.bench.redis.Worker)
Prints "ready ..." once set up and "done ..." with its figures, times in epoch microseconds.
"""
import asyncio
import sys
import threading
import time

from asgiref.sync import async_to_sync
from channels.exceptions import ChannelFull
from channels_redis.core import RedisChannelLayer
from channels_redis.pubsub import RedisPubSubChannelLayer

PADDING = "x" * 60


def micros():
    return int(time.time() * 1_000_000)


def chat():
    return {"type": "chat.message", "message": PADDING, "sent": micros()}


def layer(args):
    url = args.get("url", "redis://127.0.0.1:6379/0")
    prefix = args.get("prefix", "bench:")
    if args.get("impl", "core") == "pubsub":
        return RedisPubSubChannelLayer(hosts=[url], prefix=prefix)
    return RedisChannelLayer(hosts=[url], prefix=prefix, capacity=int(args.get("capacity", "1000000")))


def say(*words):
    print(*words, flush=True)


def summary(latencies, received, first, last, warmed_up=0):
    latencies.sort()
    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else 0
    return "%d %d %d %d %d %d %d %d" % (received, first, last, pct(0.5), pct(0.99), pct(0.999),
                                        latencies[-1] if latencies else 0, warmed_up)


async def receive(args):
    channel_layer = layer(args)
    expect = int(args["expect"])
    names = []
    for _ in range(int(args["channels"])):
        name = await channel_layer.new_channel()
        names.append(name)
        if "group" in args:
            await channel_layer.group_add(args["group"], name)
    state = {"received": 0, "first": 0, "last": 0, "warmed_up": 0}
    latencies = []
    warmup = int(args.get("warmup", "0"))
    done = asyncio.Event()

    async def receive_forever(name):
        while True:
            message = await channel_layer.receive(name)
            now = micros()
            state["received"] += 1
            if state["received"] == 1:
                state["first"] = now
            state["last"] = now
            if state["received"] == warmup:
                state["warmed_up"] = now
            if state["received"] > warmup and "nolatency" not in args:
                latencies.append(now - message["sent"])
            if state["received"] == expect:
                done.set()

    tasks = [asyncio.ensure_future(receive_forever(name)) for name in names]
    say("ready", ",".join(names))
    idle = float(args.get("idle", "20"))
    seen = -1
    while not done.is_set():
        try:
            await asyncio.wait_for(done.wait(), timeout=idle)
        except asyncio.TimeoutError:
            if state["received"] == seen:
                break
            seen = state["received"]
    say("done", summary(latencies, state["received"], state["first"], state["last"],
                        state["warmed_up"]))
    for task in tasks:
        task.cancel()
    sys.stdout.flush()
    # Leave at once: pending receives would only delay the exit.
    import os
    os._exit(0)


async def send(args):
    channel_layer = layer(args)
    target = args["target"]
    messages = int(args["messages"])
    rate = float(args.get("rate", "0"))
    refused = 0
    start = micros()
    started = time.perf_counter()
    for i in range(messages):
        if rate:
            delay = started + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
        while True:
            try:
                await channel_layer.send(target, chat())
                break
            except ChannelFull:
                refused += 1
                await asyncio.sleep(0.0001)
    say("done", messages, start, micros(), refused)


async def group_send(args):
    channel_layer = layer(args)
    group = args["group"]
    messages = int(args["messages"])
    start = micros()
    for _ in range(messages):
        await channel_layer.group_send(group, chat())
    say("done", messages, start, micros(), 0)


def blocking_group_send(args):
    # Django code outside the event loop (a view, a Celery task) sends with async_to_sync.
    channel_layer = layer(args)
    group = args["group"]
    messages = int(args["messages"])
    send_one = async_to_sync(channel_layer.group_send)
    start = micros()
    for _ in range(messages):
        send_one(group, chat())
    say("done", messages, start, micros(), 0)


async def members(args):
    channel_layers = [layer(args) for _ in range(int(args["instances"]))]
    for i in range(int(args["count"])):
        owner = channel_layers[i % len(channel_layers)]
        await owner.group_add(args["group"], await owner.new_channel())
    say("done", args["count"], 0, 0, 0)


def main():
    role = sys.argv[1]
    args = dict(arg.split("=", 1) if "=" in arg else (arg, "true") for arg in sys.argv[2:])
    if role == "groupsend" and "blocking" in args:
        thread = threading.Thread(target=blocking_group_send, args=(args,))
        thread.start()
        thread.join()
        return
    roles = {"receive": receive, "send": send, "groupsend": group_send, "members": members}
    asyncio.run(roles[role](args))


if __name__ == "__main__":
    main()
