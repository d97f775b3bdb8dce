#!/usr/bin/python3
"""Regenerates the channels_redis-made test vectors the Redis backend's tests compare against.

Run with Debian's python3 (python3-channels-redis): /usr/bin/python3 generate.py
The Java side (FernetTest, WireFormatTest) builds the same cases by name.
"""
import hashlib

import msgpack

# Messages as channels_redis wraps them for process-local channels: one target, or several.
ENVELOPES = {
    "local_envelope": {"type": "chat.message", "message": "hi",
                       "__asgi_channel__": "specific.abc!def"},
    "group_envelope": {"type": "chat.message", "message": "hi",
                       "__asgi_channel__": ["specific.abc!def", "specific.abc!ghi"]},
}
with open("envelope-vectors.txt", "w") as out:
    out.write("# name length hex sha256: msgpack.packb(case, use_bin_type=True), msgpack %s\n"
              % ".".join(map(str, msgpack.version)))
    for name, case in ENVELOPES.items():
        packed = msgpack.packb(case, use_bin_type=True)
        out.write("%s %d %s %s\n" % (name, len(packed), packed.hex(), hashlib.sha256(packed).hexdigest()))

# Fernet tokens as channels_redis makes them (symmetric_encryption_keys): the key string is UTF-8
# encoded, SHA-256 hashed and base64url encoded. Time and IV are fixed, so tokens are reproducible.
import base64  # noqa: E402
import json  # noqa: E402

from cryptography.fernet import Fernet  # noqa: E402

FERNET_CASES = [
    ("secret", b"\x82\xa4type\xa1t", 1764000000, bytes(range(16))),
    ("another key \u00e9", b"", 1700000000, bytes([7] * 16)),
    ("k", bytes(range(200)), 1764000123, bytes(range(16, 32))),
]
fernet_vectors = []
for key, plain, at, iv in FERNET_CASES:
    fernet = Fernet(base64.urlsafe_b64encode(hashlib.sha256(key.encode("utf8")).digest()))
    fernet_vectors.append({"key": key, "plaintext": plain.hex(), "time": at, "iv": iv.hex(),
                           "token": fernet._encrypt_from_parts(plain, at, iv).decode()})
with open("fernet-vectors.json", "w") as out:
    json.dump(fernet_vectors, out, indent=1)

# channels_redis's shard placement: _consistent_hash(name, ring_size).
from channels_redis.utils import _consistent_hash  # noqa: E402

SHARD_NAMES = ["chat_lobby", "specific.abc!", "specific.3f2a5c0a9e!", "http.request", "g", "ünï",
               "websocket.send.deadbeef!", "a" * 99]
with open("shard-vectors.txt", "w") as out:
    out.write("# name<TAB>ring size<TAB>index, from channels_redis.utils._consistent_hash\n")
    for name in SHARD_NAMES:
        for ring in (1, 2, 3, 5, 7, 16):
            out.write("%s\t%d\t%d\n" % (name, ring, _consistent_hash(name, ring)))
