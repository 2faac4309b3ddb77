# SPDX-License-Identifier: BSD-2-Clause
"""Disk images for the crash harness: copies of build/cairn-crash.img
with the workload's seed written in, writes from a recorded log applied
whole, in part (a torn write) or with a sector of garbage, and what
cairn-dump says about the result.

Nothing here reads the store format itself: where the store and its
regions are, which root is valid and chosen, the bank's books and
whether the store checks clean all come from cairn-dump (ckpt/format.c,
the code the kernel uses too), and the workload's register from the
names header cairn-mkimage wrote (build/crash-map.h).
"""
import json
import os
import random
import re
import subprocess

from cairnstore import DUMP
from qemu import BUILD

IMAGE = os.path.join(BUILD, "cairn-crash.img")
NAMES = os.path.join(BUILD, "crash-map.h")
SECTOR = 512
SEED_SLOT = 9           # D_ARGS, domains/crash-workload/proto.h


def sparse_copy(src, dst, chunk=1 << 16):
    """Copy src to dst, leaving holes where src has whole zero chunks."""
    zero = bytes(chunk)
    with open(src, "rb") as i, open(dst, "wb") as o:
        while True:
            b = i.read(chunk)
            if not b:
                break
            if b == zero[:len(b)]:
                o.seek(len(b), os.SEEK_CUR)
            else:
                o.write(b)
        o.truncate()


def map_name(name):
    """The value of MAP_<name> in the names header (an OID)."""
    with open(NAMES) as f:
        m = re.search(r"^#define MAP_%s (0x[0-9a-f]+)ULL" % re.escape(name), f.read(), re.M)
    if not m:
        raise KeyError("%s is not in %s" % (name, NAMES))
    return int(m.group(1), 16)


def dump(image, *args, write=False, timeout=120):
    """cairn-dump --json on image: (exit status, parsed output or None, stderr)."""
    cmd = [DUMP] + (["-w"] if write else []) + ["--json", image] + list(args)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    try:
        out = json.loads(p.stdout) if p.stdout.strip() else None
    except ValueError:
        out = None
    return p.returncode, out, p.stderr


def make_base(path, seed):
    """A copy of the crash image whose workload will run with seed."""
    sparse_copy(IMAGE, path)
    oid = "0x%x" % map_name("CAPREGS_crashwork")
    rc, _, err = dump(path, "set-slot", oid, str(SEED_SLOT), "number", str(seed), "0", "0",
                      write=True)
    if rc != 0:
        raise RuntimeError("cairn-dump set-slot on %s: exit %d: %s" % (path, rc, err))


class Layout:
    """Where the store partition and its regions lie on the disk (from
    cairn-dump info), to say what a logged write was."""

    def __init__(self, image):
        rc, info, err = dump(image, "info")
        if info is None:
            raise RuntimeError("cairn-dump info %s: exit %d: %s" % (image, rc, err))
        self.first = info["store_offset"] // SECTOR
        self.per_block = info["block_size"] // SECTOR
        self.regions = [(r["region"], r["start"], r["end"]) for r in info["regions"]]

    def block(self, sector):
        return (sector - self.first) // self.per_block

    def region(self, e):
        """'root A', 'root B', 'log', 'pots', 'tags', 'frames' or 'outside'
        for write entry e (by its first sector)."""
        b = self.block(e.sector)
        for name, start, end in self.regions:
            if start <= b < end:
                return "root " + "AB"[b] if name == "roots" else name
        return "outside"


class Piece:
    """How much of one logged write reaches the crash image: every
    sector, the sectors in keep (a torn write), and garbage in place of
    the sectors in trash."""

    def __init__(self, entry, keep=None, trash=()):
        self.entry, self.keep, self.trash = entry, keep, frozenset(trash)

    def sectors(self, data, rng):
        for i in range(self.entry.nsectors):
            if self.keep is not None and i not in self.keep:
                continue
            if i in self.trash:
                yield self.entry.sector + i, bytes(rng.getrandbits(8) for _ in range(SECTOR))
            else:
                yield self.entry.sector + i, data[i * SECTOR:(i + 1) * SECTOR]


def apply(image, log, pieces, garbage_seed=0):
    """Write pieces (Piece, or an entry for the whole write) from the log
    file into image, in order."""
    rng = random.Random(garbage_seed)
    with open(image, "r+b") as img, open(log, "rb") as f:
        for p in pieces:
            p = p if isinstance(p, Piece) else Piece(p)
            data = p.entry.data(f)
            for sector, chunk in p.sectors(data, rng):
                img.seek(sector * SECTOR)
                img.write(chunk)


def holds(image, log, entry):
    """Does image hold every byte logged write entry carried?  (A torn or
    trashed write whose missing sectors held the same bytes anyway is
    as good as whole.)"""
    with open(image, "rb") as img, open(log, "rb") as f:
        img.seek(entry.sector * SECTOR)
        return img.read(entry.nsectors * SECTOR) == entry.data(f)


def roots(image):
    """{'A': (state, generation), 'B': ...} and the chosen slot, per cairn-dump."""
    rc, out, err = dump(image, "roots")
    if out is None:
        return {}, None
    return ({r["root"]: (r["state"], r["generation"]) for r in out["roots"]},
            out.get("chosen"))


def chosen_generation(image):
    table, chosen = roots(image)
    return table[chosen][1] if chosen in table else None


def check(image):
    """cairn-dump check: (exit status, the problems it lists)."""
    rc, out, err = dump(image, "check")
    problems = out.get("problems", []) if out else [err.strip()]
    return rc, problems


def bank_usage(image, bank_id):
    """(nodes, pages, own nodes, own pages) of bank bank_id as cairn-dump
    reads the bank's tables, or None if it has no such live bank."""
    rc, out, err = dump(image, "bank")
    for b in (out or {}).get("banks", []):
        if b["id"] == bank_id:
            return (b["nodes"], b["pages"], b["own_nodes"], b["own_pages"])
    return None


def object_block(image, oid):
    """The block (store-relative) holding object oid's current version."""
    kind = "page" if oid >> 32 == 2 else "node"
    rc, out, err = dump(image, kind, "0x%x" % oid)
    if out is None or "block" not in out:
        raise RuntimeError("cairn-dump %s 0x%x: exit %d: %s" % (kind, oid, rc, err))
    return int(out["block"]), out.get("where")
