#!/usr/bin/python3
"""Regenerates the Python-made test vectors the Java tests compare against.

Run with Debian's python3 (python3-msgpack): /usr/bin/python3 generate.py
The Java side (MessagePackCodecVectorsTest, GlobTest) builds the same cases by name. The Redis
backend's vectors (Fernet tokens, shard placement) come from channels-redis's own generate.py.
"""
import fnmatch
import hashlib
import re

import msgpack


def every_type():
    return {
        "type": "test.types",
        "nil": None,
        "true": True,
        "false": False,
        "fixint": 127,
        "uint8": 200,
        "uint16": 60000,
        "uint32": 4000000000,
        "int64_max": 2**63 - 1,
        "negfixint": -32,
        "int8": -100,
        "int16": -30000,
        "int32": -2000000000,
        "int64_min": -(2**63),
        "float": 1.5,
        "negative_float": -0.1,
        "string": "h\u00e9llo \u2713 \U0001f389",
        "empty_string": "",
        "bytes": b"\x00\x01\xff",
        "empty_bytes": b"",
        "list": [1, "a", None],
        "map": {"k": {"nested": [b"x"]}},
    }


# Each side of every change of MessagePack integer form, and the ends of the signed 64-bit range.
INTEGER_BOUNDARIES = [
    0, 127, 128, 255, 256, 65535, 65536, 2**32 - 1, 2**32, 2**63 - 1,
    -1, -32, -33, -128, -129, -32768, -32769, -(2**31), -(2**31) - 1, -(2**63),
]

CASES = {
    "chat": {"type": "chat.message", "message": "Hello, world!"},
    "every_type": every_type(),
    "str_31": {"type": "t", "s": "a" * 31},
    "str_32": {"type": "t", "s": "a" * 32},
    "str_255": {"type": "t", "s": "b" * 255},
    "str_256": {"type": "t", "s": "b" * 256},
    "str_65535": {"type": "t", "s": "c" * 65535},
    "str_65536": {"type": "t", "s": "c" * 65536},
    "bin_255": {"type": "t", "b": bytes(range(255))},
    "bin_256": {"type": "t", "b": bytes(256)},
    "bin_65536": {"type": "t", "b": bytes(65536)},
    "list_15": {"type": "t", "l": list(range(15))},
    "list_16": {"type": "t", "l": list(range(16))},
    "list_65536": {"type": "t", "l": [0] * 65536},
    "map_16": {"type": "t", "m": {"k%02d" % i: i for i in range(16)}},
    "deep": {"type": "t", "d": [[[[[[[[[[{"x": [[[]]]}]]]]]]]]]]},
    "float_specials": {"type": "t", "inf": float("inf"), "ninf": float("-inf"), "zero": -0.0},
    "float_nan": {"type": "t", "nan": float("nan")},
    **{"int_%d" % n: {"type": "t", "i": n} for n in INTEGER_BOUNDARIES},
    "str_0": {"type": "t", "s": ""},
    **{"ustr_%d" % n: {"type": "t", "s": "\u00e9" * n} for n in (15, 16, 127, 128, 32767, 32768)},
    **{"bin_%d" % n: {"type": "t", "b": bytes(n)} for n in (0, 65535)},
    **{"list_%d" % n: {"type": "t", "l": [0] * n} for n in (0, 65535)},
    **{"map_%d" % n: {"type": "t", "m": {"k%02d" % i: i for i in range(n)}}
       for n in (0, 15, 65535, 65536)},
}

GLOBS = [
    "websocket.send*", "*", "log.[0-9]", "log.[!0-9]", "a?c", "[]]x", "[!]]x", "x[", "a.b",
    "*.send!*", "[a-c]*", "abc", "x[!", "a\\*",
    # Odd sets, which Python reads its own way: reversed (empty) ranges, hyphens at the edges,
    # characters that mean something inside a Java class ([ ] ^ & \\), ranges in a row.
    "[z-a]", "[!z-a]", "[z-a-c]", "[b-z-a]", "[a-b-c]", "[a-c-e-g]", "[a-z-0]", "[]-a]", "[a-]",
    "[-a]", "[-]", "[!-]", "[---]", "[a--]", "[--/]", "[%--]", "[!a-]", "[!--]", "[\\]",
    "[\\-a]", "[^a]", "[!^a]", "[[a]", "[a[]", "[a&&b]", "[~|&]", "[!]", "[]", "a[!b]*",
]
NAMES = [
    "websocket.send", "websocket.send.1", "websocket.receive", "log.7", "log.x", "abc", "a.c",
    "abd", "]x", "ax", "x[", "a.b", "aXb", "specific.x!y", "chat.send!abc", "b", "z", "", "a\\b",
    "a*", "a", "c", "d", "e", "y", "0", "-", "/", ".", "%", "!", "^", "[", "]", "\\", "&", "~",
    "|", "[]", "[!]", "aa", "a-",
]

with open("msgpack-vectors.txt", "w") as out:
    out.write("# name length hex sha256: msgpack.packb(case, use_bin_type=True), msgpack %s;\n"
              % ".".join(map(str, msgpack.version)))
    out.write("# encodings over 4096 bytes keep only their first 64 bytes of hex; the SHA-256 of\n"
              "# the whole encoding stands for the rest\n")
    for name, case in CASES.items():
        packed = msgpack.packb(case, use_bin_type=True)
        shown = packed if len(packed) <= 4096 else packed[:64]
        out.write("%s %d %s %s\n"
                  % (name, len(packed), shown.hex(), hashlib.sha256(packed).hexdigest()))

with open("fnmatch-vectors.txt", "w") as out:
    out.write("# pattern<TAB>name<TAB>matches, from Python's re.compile(fnmatch.translate(pattern))\n")
    for pattern in GLOBS:
        regex = re.compile(fnmatch.translate(pattern))
        for name in NAMES:
            out.write("%s\t%s\t%s\n" % (pattern, name, bool(regex.match(name))))
