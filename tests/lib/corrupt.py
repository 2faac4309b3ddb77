# SPDX-License-Identifier: BSD-2-Clause
"""Seeded damage to a committed store, for the corruption tests
(tests/system/test_corrupt.py, test_corrupt_workload.py;
docs/crash-testing.md, Media damage).

    where = places(img)                      # {region: [place]}, from cairn-dump
    done = corrupt(img, random.Random(s), where["pots"])
    rc, named, problems = named_by_dump(img) # what cairn-dump check reports
    refused = check_refusals(out, named, why)

The regions are roots, directories, log nodes, log pages, pots, tags and
frames.  Where each place is comes from cairn-dump --json (info,
generations, logdump, ls) and cairnstore.Geometry's offsets inside a
block; nothing else here knows the format.  A place is damaged by a
flipped bit somewhere in it, or by zeroing its whole block.

SEED is CAIRN_CORRUPT_SEED, or a random one; ROUNDS (CAIRN_CORRUPT_ROUNDS,
default 1) cases run per test, with seeds SEED, SEED+1, ...  Both are
printed, and every failure says how to run the same case again.
"""
import json
import os
import random
import re
import subprocess

from ckptvm import RESTART_RE, assert_no_panic
from qemu import Qemu, QemuError

from cairnstore import (BLOCK, NODE_SIZE, NODES_PER_POT, TAGS_PER_BLOCK, Geometry, dump,
                        dump_json, flip, poke)

SEED = int(os.environ.get("CAIRN_CORRUPT_SEED") or random.SystemRandom().randrange(1 << 32))
ROUNDS = int(os.environ.get("CAIRN_CORRUPT_ROUNDS") or 1)
REGIONS = ("roots", "directories", "log nodes", "log pages", "pots", "tags", "frames")
REFUSED_RE = r"^store: damaged; not started|^store: not opened|refusing to start"
USED_RE = r"^objstore: used (0x[0-9a-f]+) \(block (\d+)\)$"
DAMAGED_RE = r"^objstore: object (0x[0-9a-f]+) \(block (\d+)\) is damaged: .*; not used$"

_announced = []


def rerun(seed):
    return "(rerun: CAIRN_CORRUPT_SEED=%d python3 tests/run.py -k test_corrupt)" % seed


def places(img):
    """{region: [(what, byte offset, length, block offset)]}: where damage
    to each region lands, from cairn-dump's view of the store."""
    g = Geometry(img)
    log = {r["region"]: r["start"] for r in dump_json(img, "info")["regions"]}["log"]
    entries = dump_json(img, "logdump")["entries"]
    nodes = dump_json(img, "ls", "nodes")["nodes"]
    pages = [p for p in dump_json(img, "ls", "pages")["pages"] if not p["zero"]]

    def idx(oid):
        return int(oid.split(":")[1])

    def whole(what, block):
        return (what, g.block(block), BLOCK, g.block(block))
    out = {"roots": [whole("root A", 0), whole("root B", 1)]}
    out["directories"] = [whole("generation %d directory block %s" % (gen["generation"], b),
                                log + int(b))
                          for gen in dump_json(img, "generations")["generations"]
                          for b in gen["chain"].split(",")]
    out["log nodes"] = [("generation %d log record of %s" % (e["generation"], e["oid"]),
                         g.log(e["log_block"]) + 32 + e["slot"] * NODE_SIZE, NODE_SIZE,
                         g.log(e["log_block"]))
                        for e in entries if e["type"] == "node"]
    out["log pages"] = [whole("generation %d log page %s" % (e["generation"], e["oid"]),
                              log + e["log_block"])
                        for e in entries if e["type"] == "page"
                        and isinstance(e["log_block"], int)]
    out["pots"] = [("home record of %s" % n["oid"], g.node(idx(n["oid"])), NODE_SIZE,
                    g.block(g.pot_start + idx(n["oid"]) // NODES_PER_POT)) for n in nodes]
    free = NODES_PER_POT * 100 + 3      # a free record, in a pot no object uses
    out["pots"].append(("home record of free n:%d" % free, g.node(free), NODE_SIZE,
                        g.block(g.pot_start + free // NODES_PER_POT)))
    out["tags"] = [("tag of %s" % p["oid"],
                    g.tag_block(idx(p["oid"])) + 16 + (idx(p["oid"]) % TAGS_PER_BLOCK) * 16,
                    16, g.tag_block(idx(p["oid"]))) for p in pages]
    out["frames"] = [("frame of %s" % p["oid"], g.frame(idx(p["oid"])), BLOCK,
                      g.frame(idx(p["oid"]))) for p in pages]
    return out


def corrupt(img, rng, targets):
    """Damage 1..3 of targets in img: a flipped bit somewhere in the
    place, or its whole block zeroed.  Returns what was done."""
    done = []
    for what, off, length, block in rng.sample(targets, min(len(targets), rng.randint(1, 3))):
        if rng.random() < 0.3:
            poke(img, block, bytes(BLOCK))
            done.append("zeroed the block of %s" % what)
        else:
            at = off + rng.randrange(length)
            bit = rng.randrange(8)
            flip(img, at, 1 << bit)
            done.append("flipped bit %d of byte %d of %s" % (bit, at - off, what))
    return done


def named_by_dump(img):
    """(exit status, {hex OID of every object check names} | {every block
    it names}, problems).  A damaged pot or tag block is named as such,
    not by the objects in it; the kernel names the object and the block."""
    rc, out, err = dump(img, "check", json_out=True)
    assert rc in (0, 4), "cairn-dump check: exit %d: %s" % (rc, err)
    problems = json.loads(out)["problems"]
    oids = {m.group(1) for p in problems for m in [re.search(r"\((0x[0-9a-f]+)\)", p["object"])]
            if m}
    return rc, oids | {str(p["block"]) for p in problems}, problems


def chosen_generation(img):
    """The generation of the root cairn-dump chooses (None: neither is valid)."""
    roots = dump_json(img, "roots")
    return {r["root"]: r["generation"] for r in roots["roots"]}.get(roots.get("chosen"))


def hexoid(short):
    """'n:5' -> '0x100000005', as the kernel and check's objects write it."""
    kind, i = short.split(":")
    return "%#x" % ((1 if kind == "n" else 2) << 32 | int(i))


def check_refusals(out, dumped, why):
    """Every object the kernel refused is one check names (by OID or by
    block); returns their OIDs."""
    refusals = re.findall(DAMAGED_RE, out, re.M)
    unknown = [(oid, block) for oid, block in refusals if oid not in dumped and block not in dumped]
    assert not unknown, "the kernel refused %s, cairn-dump check names only %s: %s\n%s" % (
        unknown, sorted(dumped), why, out[-3000:])
    return {oid for oid, block in refusals}


def boot_damaged(img, then, timeout, cmdline="", **qemu):
    """Boot img on the test kernel with objstore_trace (changes go to a
    snapshot) until the store is refused, or it restarted and then(restart
    match) -- a pattern -- appeared within timeout s; returns the console
    output."""
    with Qemu(img, cmdline=("objstore_trace " + cmdline).strip(), **qemu) as vm:
        try:
            m = vm.wait_for(r"%s|%s" % (REFUSED_RE, RESTART_RE), timeout=90)
            if re.match(RESTART_RE, m.group(0)):
                vm.wait_for(then(m), timeout=timeout, start=m.end())
        except QemuError:
            pass                # refused and stopped, or the program stopped
        vm.kill()
        return vm.output()


def used_damaged(out, problems):
    """What the kernel used (objstore_trace: "objstore: used OID (block
    B)") that cairn-dump check calls damaged: the same object read from
    the same block."""
    bad = {(m.group(1), int(p["block"])) for p in problems
           if p["severity"] == "error" and str(p["block"]).isdigit()
           for m in [re.search(r"\((0x[0-9a-f]+)\)", p["object"])] if m}
    return sorted({(oid, int(b)) for oid, b in re.findall(USED_RE, out, re.M)} & bad)


def judge_boot(out, rc, dumped, problems, why):
    """The verdict every damaged boot must pass: no panic; the store
    refused or restarted; every refused object named by check; a refused
    store is one check finds errors in (exit 4), and a store whose log
    check finds broken (a generation's directory chain) is refused; and
    no block check calls damaged was used for the object it holds.
    Returns (refused, started, named): the matches of REFUSED_RE and
    RESTART_RE (one of them None) and the OIDs the kernel refused."""
    assert_no_panic(out)
    refused = re.search(REFUSED_RE, out, re.M)
    started = re.search(RESTART_RE, out, re.M)
    assert refused or started, "neither refused nor started: %s\n%s" % (why, out[-3000:])
    named = check_refusals(out, dumped, why)
    assert not refused or rc == 4, \
        "the kernel refused the store, cairn-dump check exits %d: %s" % (rc, why)
    broken = [p["problem"] for p in problems if p["severity"] == "error" and p["object"] == "log"]
    assert refused or not broken, "cairn-dump check finds the log broken (%s), the kernel " \
        "started: %s\n%s" % ("; ".join(broken), why, out[-3000:])
    silent = used_damaged(out, problems)
    assert not silent, "the kernel used %s, which cairn-dump check finds damaged: %s\n%s" % (
        ", ".join("%s from block %d" % u for u in silent), why, out[-3000:])
    return refused, started, named


def damaged_copy(base, targets, region, seed, dirpath):
    """A copy of base in dirpath with 1..3 of targets (places of region)
    damaged by seed; returns (path, what was done)."""
    if not _announced:
        _announced.append(SEED)
        print("corrupt: seed %d (CAIRN_CORRUPT_SEED=%d python3 tests/run.py -k test_corrupt "
              "runs these cases again)" % (SEED, SEED))
    rng = random.Random("%d/%s" % (seed, region))
    img = os.path.join(dirpath, "%s-%d.img" % (region.replace(" ", "-"), seed))
    subprocess.run(["cp", "--sparse=always", base, img], check=True)
    done = corrupt(img, rng, targets)
    return img, "seed %d, %s: %s" % (seed, region, "; ".join(done))
