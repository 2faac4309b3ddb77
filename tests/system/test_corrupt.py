# SPDX-License-Identifier: BSD-2-Clause
"""Seeded random corruption of a committed store: bit flips and zeroed
blocks in the roots, the log's directories, log node records, log pages,
home pots, tags and frames.  The kernel must detect every damaged object
it reads by its checksum and never use it silently, and cairn-dump check
must report the damage.

The store: the counter (disk-image/ckpt-counter.map, test kernel) counts
to 50 and commits generations 1..5, one every tenth value, with every
migration round failing (ckpt_fail_rounds=1), so all five generations
are still in the log when QEMU is killed: the counter's objects have a
current copy in the log and an older one at home.  The counter's value
at generation G is 10*G, so a page that was read wrong shows as a value
that does not fit its generation.

Each case copies that image and damages 1..3 places of one region, chosen
by a seeded random generator from what cairn-dump --json says is there
(info, generations, logdump, ls), with tests/lib/cairnstore.py's offsets
inside a block; then:

  - cairn-dump check reports the damage (errors or warnings, never clean);
  - the kernel boots without a panic and either refuses the store (a
    damaged root or directory chain: the documented refusal, and
    cairn-dump check then has errors) or restarts from the generation
    cairn-dump chooses;
  - every object the kernel says it refused (objstore: object X ... is
    damaged) is one cairn-dump check names;
  - every value the counter prints fits its generation (10*G at the take
    of G, then one more each line): a wrong value, with or without a
    message, is a failure; and if the counter prints nothing, the kernel
    must have said which object it refused;
  - if the counter went on, no object it changes at every step (those
    in the restart generation's directory: its process root, its data
    and stack pages) may be damaged in that generation's copy unless the
    kernel refused it: it was read, so a flip that changed no value the
    counter prints is caught too.

The seed is printed; CAIRN_CORRUPT_SEED=S runs the same cases again.
CAIRN_CORRUPT_ROUNDS=N (make corrupt-sweep CORRUPT_ROUNDS=N) runs N cases
per region, seeds S, S+1, ...
"""
import atexit
import json
import os
import random
import re
import shutil
import subprocess
import tempfile
import threading

from cairnstore import (BLOCK, NODE_SIZE, NODES_PER_POT, TAGS_PER_BLOCK, Geometry, dump,
                        dump_json, flip, poke)
from ckptvm import Machine, RESTART_RE, assert_no_panic
from qemu import BUILD, Qemu, QemuError

SEED = int(os.environ.get("CAIRN_CORRUPT_SEED") or random.SystemRandom().randrange(1 << 32))
ROUNDS = int(os.environ.get("CAIRN_CORRUPT_ROUNDS") or 1)
GENERATIONS = 5
REFUSED_RE = r"^store: damaged; not started|^store: not opened|refusing to start"
DAMAGED_RE = r"^objstore: object (0x[0-9a-f]+) \(block (\d+)\) is damaged: .*; not used$"
COUNTER_RE = r"^(?:committed g=(\d+) counter=(\d+)|counter (\d+))$"

_tmp = tempfile.mkdtemp(prefix="cairn-corrupt-")
atexit.register(shutil.rmtree, _tmp, True)
_lock = threading.Lock()
_base = {}

print("corrupt: seed %d (CAIRN_CORRUPT_SEED=%d python3 tests/run.py -k test_corrupt runs "
      "these cases again)" % (SEED, SEED))


def base_image():
    """The counter's store with generations 1..5 unmigrated (made once)."""
    with _lock:
        if "img" not in _base:
            with Machine("cairn-tk-ckpt-counter.img", kernel="kernel-test.elf") as m:
                vm = m.boot("ckpt_fail_rounds=1")
                vm.wait_for(r"^committed g=%d counter=%d$" % (GENERATIONS, 10 * GENERATIONS),
                            timeout=120)
                m.crash()
                info = m.dump_json("info")
                assert info["generation"] == GENERATIONS and info["migrated_through"] == 0, info
                _base["img"] = os.path.join(_tmp, "base.img")
                shutil.copy(m.path, _base["img"])
                _base["places"] = places(_base["img"])
        return _base["img"], _base["places"]


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


def every_step(img, gen, problems):
    """Hex OIDs of objects the counter changes at every step (in gen's
    directory) whose copy of gen check finds damaged."""
    changed = {hexoid(e["oid"]) for e in dump_json(img, "logdump")["entries"]
               if e["generation"] == gen}
    return {m.group(1) for p in problems if p["severity"] == "error"
            and p["problem"].startswith("generation %d," % gen)
            for m in [re.search(r"\((0x[0-9a-f]+)\)", p["object"])] if m and m.group(1) in changed}


def boot(img):
    """Boot img (changes go to a snapshot); returns the console output
    once the store is refused, or the counter has had time to go on."""
    with Qemu(img, kernel=os.path.join(BUILD, "kernel-test.elf"), name="corrupt") as vm:
        try:
            m = vm.wait_for(r"%s|%s" % (REFUSED_RE, RESTART_RE), timeout=90)
            if re.match(RESTART_RE, m.group(0)):
                gen = int(m.group(1))
                vm.wait_for(r"^counter %d$" % (10 * gen + 8), timeout=10, start=m.end())
        except QemuError:
            pass                # refused and stopped, or the counter stopped
        vm.kill()
        return vm.output()


def counter_problems(out, start):
    """Counter values after the restart that do not fit: the take of G
    says 10*G, and every later line is one more than the one before."""
    bad, prev = [], None
    for m in re.finditer(COUNTER_RE, out[start:], re.M):
        if m.group(1):
            g, c = int(m.group(1)), int(m.group(2))
            if c != 10 * g or (prev is not None and c != prev):
                bad.append(m.group(0))
            prev = c
        else:
            c = int(m.group(3))
            if prev is not None and c != prev + 1:
                bad.append("%s after %d" % (m.group(0), prev))
            prev = c
    return bad


def damaged_copy(region, seed):
    """A copy of the base store with 1..3 places of region damaged by
    seed; returns (path, what was done and how to do it again)."""
    base, where = base_image()
    rng = random.Random("%d/%s" % (seed, region))
    img = os.path.join(_tmp, "%s-%d.img" % (region.replace(" ", "-"), seed))
    subprocess.run(["cp", "--sparse=always", base, img], check=True)
    done = corrupt(img, rng, where[region])
    return img, "seed %d, %s: %s" % (seed, region, "; ".join(done))


def check_refusals(out, dumped, why):
    """Every object the kernel refused is one check names (by OID or by
    block); returns their OIDs."""
    refusals = re.findall(DAMAGED_RE, out, re.M)
    unknown = [(oid, block) for oid, block in refusals if oid not in dumped and block not in dumped]
    assert not unknown, "the kernel refused %s, cairn-dump check names only %s: %s\n%s" % (
        unknown, sorted(dumped), why, out[-3000:])
    return {oid for oid, block in refusals}


def check_run(img, out, started, chosen, named, problems, why):
    """The restart is cairn-dump's choice and the counter uses nothing
    damaged; returns whether it went on."""
    assert int(started.group(1)) == chosen, "restart %s, cairn-dump chooses generation %s: %s" % (
        started.group(0), chosen, why)
    bad = counter_problems(out, started.end())
    assert not bad, "wrong counter values %s: %s\n%s" % (bad, why, out[-3000:])
    ran = re.search(COUNTER_RE, out[started.end():], re.M)
    assert ran or named, "the counter printed nothing and no object was refused: %s\n%s" % (
        why, out[-3000:])
    silent = every_step(img, chosen, problems) - named if ran else set()
    assert not silent, "the counter went on over damaged %s, and the kernel named nothing: %s" % (
        sorted(silent), why)
    return ran


def run_case(region, seed):
    img, what = damaged_copy(region, seed)
    why = "%s\n(rerun: CAIRN_CORRUPT_SEED=%d python3 tests/run.py -k test_corrupt)" % (what, seed)
    rc, dumped, problems = named_by_dump(img)
    assert problems, "cairn-dump check found nothing: " + why
    chosen = chosen_generation(img)
    out = boot(img)
    assert_no_panic(out)
    refused = re.search(REFUSED_RE, out, re.M)
    started = re.search(RESTART_RE, out, re.M)
    assert refused or started, "neither refused nor started: %s\n%s" % (why, out[-3000:])
    named = check_refusals(out, dumped, why)
    if refused:
        assert rc == 4, "the kernel refused the store, cairn-dump check exits %d: %s" % (rc, why)
        line = out[out.rfind("\n", 0, refused.start()) + 1:].split("\n", 1)[0]
        print("%s -> refused: %s; cairn-dump: %d problems" % (what, line, len(problems)))
        return
    ran = check_run(img, out, started, chosen, named, problems, why)
    print("%s -> %s; kernel refused %s; counter %s; cairn-dump: %d problems" % (
        what, started.group(0), sorted(named) or "nothing", "went on" if ran else "stopped",
        len(problems)))


def run_region(region):
    for k in range(ROUNDS):
        run_case(region, SEED + k)


def test_corrupt_roots():
    run_region("roots")


def test_corrupt_directories():
    run_region("directories")


def test_corrupt_log_node_records():
    run_region("log nodes")


def test_corrupt_log_pages():
    run_region("log pages")


def test_corrupt_pots():
    run_region("pots")


def test_corrupt_tags():
    run_region("tags")


def test_corrupt_frames():
    run_region("frames")
