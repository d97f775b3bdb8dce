#!/usr/bin/python3
"""Django Channels' InMemoryChannelLayer on the workloads of the Java in-memory benchmarks.

Run with Debian's python3 (python3-channels): /usr/bin/python3 django_inmemory.py [seconds]
Prints one line per workload: "<name> <rate> <unit>".
"""
import asyncio
import sys
import time

from channels.layers import InMemoryChannelLayer

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
CHAT = {"type": "chat.message", "message": "Hello, world!"}


async def point_to_point():
    layer = InMemoryChannelLayer()
    channel = await layer.new_channel()
    count = 0
    deadline = time.perf_counter() + SECONDS
    start = time.perf_counter()
    while time.perf_counter() < deadline:
        for _ in range(1000):
            await layer.send(channel, CHAT)
            await layer.receive(channel)
        count += 1000
    return count / (time.perf_counter() - start)


async def fan_out(members=1000):
    # Same shape as FanOutBenchmark: every member has a receiver that takes a message and waits
    # again; a sender group-sends as fast as the deliveries keep up.
    layer = InMemoryChannelLayer(capacity=1_000_000)
    delivered = 0

    async def receive_forever(channel):
        nonlocal delivered
        while True:
            await layer.receive(channel)
            delivered += 1

    receivers = []
    for _ in range(members):
        channel = await layer.new_channel()
        await layer.group_add("lobby", channel)
        receivers.append(asyncio.ensure_future(receive_forever(channel)))
    await asyncio.sleep(0)
    start = time.perf_counter()
    sent = 0
    while time.perf_counter() - start < SECONDS:
        await layer.group_send("lobby", CHAT)
        sent += members
        while delivered < sent:
            await asyncio.sleep(0)
    rate = delivered / (time.perf_counter() - start)
    for receiver in receivers:
        receiver.cancel()
    return rate


if __name__ == "__main__":
    print("django-inmemory-point-to-point %.0f msgs/s" % asyncio.run(point_to_point()))
    print("django-inmemory-fan-out-1000 %.0f deliveries/s" % asyncio.run(fan_out()))
