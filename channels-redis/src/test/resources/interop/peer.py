#!/usr/bin/python3
"""A Django Channels peer for the interop tests: channels_redis's RedisChannelLayer doing one thing.

Usage: peer.py URLS PREFIX KEYS COMMAND ARGS...
  URLS: one Redis URL, or several comma-separated (channels_redis shards over them)
  KEYS: comma-separated Fernet keys, or "-"
  receive-group GROUP COUNT   new channel, group_add, print "ready <channel>", then print COUNT
                              received messages as "message <msgpack hex>"
  receive COUNT               new channel, print "ready <channel>", then print COUNT messages
  group-send GROUP HEX        group_send the msgpack-encoded message HEX
  send CHANNEL HEX            send the msgpack-encoded message HEX to CHANNEL
Run with Debian's python3, which has python3-channels-redis.
"""
import asyncio
import sys

import msgpack
from channels_redis.core import RedisChannelLayer


def layer(urls, prefix, keys):
    options = {"hosts": urls.split(","), "prefix": prefix}
    if keys != "-":
        options["symmetric_encryption_keys"] = keys.split(",")
    return RedisChannelLayer(**options)


def say(*words):
    print(*words, flush=True)


async def receive(channel_layer, channel, count):
    for _ in range(count):
        message = await asyncio.wait_for(channel_layer.receive(channel), timeout=30)
        say("message", msgpack.packb(message, use_bin_type=True).hex())


async def main(url, prefix, keys, command, *args):
    channel_layer = layer(url, prefix, keys)
    if command == "receive-group":
        group, count = args
        channel = await channel_layer.new_channel()
        await channel_layer.group_add(group, channel)
        say("ready", channel)
        await receive(channel_layer, channel, int(count))
        await channel_layer.group_discard(group, channel)
    elif command == "receive":
        channel = await channel_layer.new_channel()
        say("ready", channel)
        await receive(channel_layer, channel, int(args[0]))
    elif command == "group-send":
        group, payload = args
        await channel_layer.group_send(group, msgpack.unpackb(bytes.fromhex(payload), raw=False))
        say("sent")
    elif command == "send":
        channel, payload = args
        await channel_layer.send(channel, msgpack.unpackb(bytes.fromhex(payload), raw=False))
        say("sent")
    else:
        sys.exit("unknown command " + command)
    await channel_layer.close_pools()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:]))
