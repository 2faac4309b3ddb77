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
import os
import re
import shutil
import tempfile
import threading

from cairnstore import dump_json
from ckptvm import Machine
from corrupt import (ROUNDS, SEED, boot_damaged, chosen_generation, damaged_copy, hexoid,
                     judge_boot, named_by_dump, places, rerun)
from qemu import BUILD

GENERATIONS = 5
COUNTER_RE = r"^(?:committed g=(\d+) counter=(\d+)|counter (\d+))$"

_tmp = tempfile.mkdtemp(prefix="cairn-corrupt-")
atexit.register(shutil.rmtree, _tmp, True)
_lock = threading.Lock()
_base = {}

def base_image():
    """The counter's store with generations 1..5 unmigrated (made once)."""
    with _lock:
        if "img" not in _base:
            with Machine("cairn-ckpt-counter.img", kernel="kernel-test.elf") as m:
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


def every_step(img, gen, problems):
    """Hex OIDs of objects the counter changes at every step (in gen's
    directory) whose copy of gen check finds damaged."""
    changed = {hexoid(e["oid"]) for e in dump_json(img, "logdump")["entries"]
               if e["generation"] == gen}
    return {m.group(1) for p in problems if p["severity"] == "error"
            and p["problem"].startswith("generation %d," % gen)
            for m in [re.search(r"\((0x[0-9a-f]+)\)", p["object"])] if m and m.group(1) in changed}


def boot(img):
    """The console output once the store is refused, or the counter has
    had time to go on after its restart."""
    return boot_damaged(img, lambda m: r"^counter %d$" % (10 * int(m.group(1)) + 8), 10,
                        kernel=os.path.join(BUILD, "kernel-test.elf"), name="corrupt")


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
    base, where = base_image()
    img, what = damaged_copy(base, where[region], region, seed, _tmp)
    why = "%s\n%s" % (what, rerun(seed))
    rc, dumped, problems = named_by_dump(img)
    assert problems, "cairn-dump check found nothing: " + why
    chosen = chosen_generation(img)
    out = boot(img)
    refused, started, named = judge_boot(out, rc, dumped, problems, why)
    if refused:
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
