# SPDX-License-Identifier: BSD-2-Clause
"""Seeded random corruption of the crash workload's store (the same
damage as test_corrupt.py, tests/lib/corrupt.py), where the program that
runs over it checks its own data.

The store: build/cairn-crash.img with the workload's seed written in
(tests/lib/crashdisk.py), run until it committed generation 7 and the migration
round after it failed, every round from the third on failing
(ckpt_fail_rounds=3), so five or more generations are still in the log
over homes of generations 1..2 (the workload goes on while QEMU is being
killed: how many generations are committed by then varies; cairn-dump
check may warn about home copies a round left half written, and the
damage must add a problem to those): nodes
and pages of banks, forwarders, counters, capability shuffles and the
peer's FPU annex, about fifty of each.  That run's "CRASH commit"
records are the reference (docs/crash-testing.md, The workload).

Each round damages one region, chosen by the seed, and boots the copy
(test kernel, ckpt_check_boot).  Besides the checks of test_corrupt.py
(cairn-dump check reports the damage; no panic; refused, or restarted
from cairn-dump's choice; every refused object named by check):

  - unless the kernel refused an object, the workload's record of the
    restart generation ("CRASH found g=R") equals the reference's commit
    record of R, byte for byte, and no record after it reports a problem
    of its own (bad=, chk=, grave=) or a "CRASH bad"/"CRASH halt" line:
    a measurement that changed without a refusal is damage used silently.
"""
import atexit
import os
import shutil
import tempfile
import threading

import crashdisk
import crashrec
from ckptvm import assert_no_panic
from corrupt import (REGIONS, ROUNDS, SEED, boot_damaged, chosen_generation, damaged_copy,
                     judge_boot, named_by_dump, places, rerun)
from qemu import BUILD, Qemu

KERNEL = os.path.join(BUILD, "kernel-test.elf")
GENERATIONS = 7
WORKLOAD_SEED = 7

_tmp = tempfile.mkdtemp(prefix="cairn-corrupt-wl-")
atexit.register(shutil.rmtree, _tmp, True)
_lock = threading.Lock()
_base = {}


def base_image():
    """The workload's store with generations 3..7 unmigrated, its places
    and the reference records (made once)."""
    with _lock:
        if "img" not in _base:
            img = os.path.join(_tmp, "base.img")
            crashdisk.make_base(img, WORKLOAD_SEED)
            with Qemu(img, kernel=KERNEL, cmdline="ckpt_fail_rounds=3", snapshot=False,
                      name="corrupt-wl-base") as vm:
                vm.wait_for(r"^ckpt: migrating generation %d failed" % GENERATIONS, timeout=180)
                vm.kill()
                out = vm.output()
            assert_no_panic(out)
            rc, _, problems = named_by_dump(img)
            assert rc == 0, problems
            _base.update(img=img, places=places(img), ref=crashrec.reference(out),
                         problems=problems)
        return _base["img"], _base["places"], _base["ref"]


def boot(img):
    """The console output once the store is refused, or the workload has
    committed one more generation after its restart."""
    return boot_damaged(img, lambda m: r"^CRASH (commit|bad|halt) ", 30, kernel=KERNEL,
                        cmdline="ckpt_check_boot", name="corrupt-wl")


def workload_problems(out, start, gen, ref):
    """What the workload's records after the restart say is wrong."""
    bad = [m.group(0) for m in crashrec.HALT_RE.finditer(out, start)]
    recs = crashrec.records(out, start)
    found = [r for r in recs if r.tag == "found"]
    if not found:
        bad.append("no CRASH found record")
    elif gen in ref and not found[0].same(ref[gen]):
        bad.append("found %s, committed %s" % (found[0].line, ref[gen].line))
    for r in recs:
        bad += ["%s: %s" % (r.line, p) for p in r.problems()]
    return bad


def run_case(seed):
    base, where, ref = base_image()
    region = REGIONS[seed % len(REGIONS)]
    img, what = damaged_copy(base, where[region], region, seed, _tmp)
    why = "%s\n%s" % (what, rerun(seed))
    rc, dumped, problems = named_by_dump(img)
    assert [p for p in problems if p not in _base["problems"]], \
        "cairn-dump check found nothing new: " + why
    chosen = chosen_generation(img)
    out = boot(img)
    refused, started, named = judge_boot(out, rc, dumped, problems, why)
    if refused:
        print("%s -> refused; cairn-dump: %d problems" % (what, len(problems)))
        return
    gen = int(started.group(1))
    assert gen == chosen, "restart %s, cairn-dump chooses %s: %s" % (started.group(0), chosen, why)
    bad = workload_problems(out, started.end(), gen, ref)
    assert named or not bad, "the workload found %s and the kernel refused nothing: %s\n%s" % (
        bad, why, out[-3000:])
    print("%s -> %s; kernel refused %s; workload: %s; cairn-dump: %d problems" % (
        what, started.group(0), sorted(named) or "nothing", "; ".join(bad) or "as committed",
        len(problems)))


def test_corrupt_crash_workload():
    """One region (by the seed) of the crash workload's store damaged:
    the workload's own records find nothing the kernel did not refuse."""
    for k in range(ROUNDS):
        run_case(SEED + k)
