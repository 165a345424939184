#!/usr/bin/env python3
"""Regenerate the checked-in seed corpora (deterministic): corpus/format/ and
corpus/chain/. The fuzzers grow their own corpora from these; only seeds are
kept in git. Run from anywhere: python3 tests/fuzz/make_seeds.py"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(2026)

FORMATS = [
    "B", "b", "c", "?", "h", "<i", ">if", "@ci", "3s", "4p", "e", "<e", ">e", "xxH", ">iB3x",
    "<Iff", "2i", "P", "n", "N", "=q", "!d", "<Q", "hhl", "lq", "bBhHiIlLqQnNefd?cspP", "c0i",
    "c2s", "10s", "1p", "3x", "0s", "@e",
    # rejected ones
    "", "0i", "99999999999999999999i", "4611686018427387904q", "i<", "12", "<>i", "ii!", "<n",
    "=P", "Z", "-1i", "i i", " i", "\x7f",
]


def write(sub, name, data):
    d = os.path.join(HERE, "corpus", sub)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


for k, fmt in enumerate(FORMATS):
    body = bytes(rng.randrange(256) for _ in range(rng.choice([0, 7, 64, 200])))
    write("format", "fmt-%02d" % k, fmt.encode("latin-1") + b"\0" + body)

# Chain seeds: the first byte is the descriptor mode (mode % 8 == 7: hostile,
# == 6: many dimensions, mode % 16 == 15: format from the input), then
# format/shape/stride bytes, then operations.
for k in range(64):
    mode = k % 16
    n = rng.choice([16, 48, 96, 160])
    write("chain", "chain-%02d" % k, bytes([mode]) + bytes(rng.randrange(256) for _ in range(n)))

# Suboffsets seeds (fuzz_suboffsets.cpp): ndim - 1, format selector, then
# per-dimension extent/suboffset/sign bytes, item bytes and operation bytes.
for k in range(32):
    n = rng.choice([12, 40, 120, 400])
    write("suboffsets", "sub-%02d" % k, bytes([k % 4, k % 3]) + bytes(rng.randrange(256) for _ in range(n)))

# Interop seeds (issue 11): the first byte picks the mode (0 Arrow import,
# 1 DLPack import, 2 export round trips); mostly-small bytes make valid
# structs likely, so the accepting paths are reached from the start.
irng = random.Random(11)
for k in range(48):
    mode = k % 3
    n = irng.choice([24, 64, 200])
    body = bytes(irng.choice([0, 1, 2, 3, 4, 5, 8, 255, irng.randrange(256)]) for _ in range(n))
    write("interop", "interop-%02d" % k, bytes([mode]) + body)
