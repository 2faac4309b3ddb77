# SPDX-License-Identifier: BSD-2-Clause
"""Helpers for tests of the store tools: run cairn-dump, make hand-made
stores with build/tests/mkteststore, and find and damage records by
reading ckpt/format.h's layout directly (independently of cairn-dump)."""
import json
import os
import shutil
import struct
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "build")
DUMP = os.path.join(BUILD, "cairn-dump")
MKTEST = os.path.join(BUILD, "tests", "mkteststore")
BLOCK = 4096
NODE_SIZE = 544
NODES_PER_POT = 7
TAGS_PER_BLOCK = 255
ROOT_MAGIC = b"CAIRNRST"


def dump(image, *args, json_out=False, stdin=None, timeout=60):
    """Run cairn-dump; returns (exit status, stdout, stderr)."""
    cmd = [DUMP] + (["--json"] if json_out else []) + [image] + list(args)
    p = subprocess.run(cmd, capture_output=True, text=True, input=stdin, timeout=timeout)
    assert p.returncode >= 0, "cairn-dump died of signal %d: %s" % (-p.returncode, p.stderr)
    return p.returncode, p.stdout, p.stderr


def dump_json(image, *args):
    rc, out, err = dump(image, *args, json_out=True)
    assert rc in (0, 4), (rc, err)
    return json.loads(out)


class TempDir:
    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="cairn-dump-test-")
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)


def make_store(dirpath, name="store", *flags):
    path = os.path.join(dirpath, name)
    subprocess.run([MKTEST] + list(flags) + [path], check=True)
    return path


def store_offset(path):
    """Byte offset of the store in an image (bare or MBR partition 0xca)."""
    with open(path, "rb") as f:
        head = f.read(2 * BLOCK)
    if head[:8] == ROOT_MAGIC:
        return 0
    if head[510:512] == b"\x55\xaa":
        for i in range(4):
            e = head[446 + 16 * i: 462 + 16 * i]
            if e[4] == 0xCA:
                return struct.unpack_from("<I", e, 8)[0] * 512
    return 0


class Geometry:
    """The chosen root's geometry, read straight from the image."""

    def __init__(self, path, slot=None):
        self.base = store_offset(path)
        with open(path, "rb") as f:
            f.seek(self.base)
            roots = f.read(2 * BLOCK)
        if slot is None:
            gens = [struct.unpack_from("<Q", roots, BLOCK * i + 16)[0]
                    if roots[BLOCK * i: BLOCK * i + 8] == ROOT_MAGIC else -1 for i in (0, 1)]
            slot = 0 if gens[0] >= gens[1] else 1
        self.slot = slot
        r = roots[BLOCK * slot: BLOCK * (slot + 1)]
        (self.total, self.log_start, self.log_blocks, self.pot_start, self.pot_count,
         self.tag_start, self.tag_count, self.frame_start, self.page_count,
         self.node_count) = struct.unpack_from("<10I", r, 32)

    def block(self, b):
        return self.base + b * BLOCK

    def root(self, slot):
        return self.block(slot)

    def node(self, i):
        return self.block(self.pot_start + i // NODES_PER_POT) + 32 + (i % NODES_PER_POT) * NODE_SIZE

    def frame(self, j):
        return self.block(self.frame_start + j)

    def tag_block(self, j):
        return self.block(self.tag_start + j // TAGS_PER_BLOCK)

    def log(self, rel):
        return self.block(self.log_start + rel)


def flip(path, offset, mask=0x01):
    with open(path, "r+b") as f:
        f.seek(offset)
        b = f.read(1)
        f.seek(offset)
        f.write(bytes([b[0] ^ mask]))


def zero_block(path, offset):
    """Overwrite the 4096-byte block at offset with zeros (a lost write)."""
    poke(path, offset, bytes(BLOCK))


def poke(path, offset, data):
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(data)


def peek(path, offset, n):
    with open(path, "rb") as f:
        f.seek(offset)
        return f.read(n)


def _crc_table():
    t = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        t.append(c)
    return t


_CRC = _crc_table()


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = (c >> 8) ^ _CRC[(c ^ b) & 0xFF]
    return c ^ 0xFFFFFFFF


def reseal(path, offset, length, crc_off):
    """Recompute the CRC32C of a record whose checksum is at crc_off."""
    rec = bytearray(peek(path, offset, length))
    rec[crc_off:crc_off + 4] = b"\0\0\0\0"
    poke(path, offset + crc_off, struct.pack("<I", crc32c(bytes(rec))))


def reseal_root(path, geo, slot):
    reseal(path, geo.root(slot), BLOCK, 24)
