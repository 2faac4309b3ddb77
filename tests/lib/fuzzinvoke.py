# SPDX-License-Identifier: BSD-2-Clause
"""Run the in-guest invocation fuzzer (domains/fuzz-invoke, docs/hostile.md).

    python3 tests/lib/fuzzinvoke.py --seed S --n N     (make fuzz-invoke)

boots build/cairn-tk-fuzz-invoke.img (the test kernel: assertions on,
check_consistency() before every checkpoint) under -icount, types
"seed=S n=N" on its console and waits for "FUZZ END ... ok".  A run
fails if the guest prints FUZZ FAIL, the kernel panics or an assertion
fires, or the END line does not come.  The seed reproduces a failure.

With restarts=K (--restarts K) the image is a private copy booted with
snapshot=off, and QEMU is killed (SIGKILL, as a power cut) K times, each
after the third checkpoint committed since the boot; every boot goes on
from the last committed generation -- the fuzzer included, in the middle
of its run -- and the last must still end with "FUZZ END ... ok".
"""
import argparse
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemu import BUILD, Qemu  # noqa: E402

IMAGE = os.path.join(BUILD, "cairn-tk-fuzz-invoke.img")
BAD = re.compile(r"^(FUZZ FAIL.*|.*panic.*|.*assert failed.*|.*require failed.*)$", re.M)


# The fuzzer's check of the kernel's memory (it fails the run itself if
# a frame was allocated or a pool grew since BEGIN).
MEMORY_RE = r"^FUZZ kernel memory: (\d+) of (\d+) frames free \(at BEGIN (\d+)\)"
DONE = r"^FUZZ END .* ok$|^FUZZ FAIL|panic|assert failed|require failed"


def crash_boot(image, first, seed, n, timeout):
    """Boot the copy, start the run if first, kill after three commits;
    returns the console output (or raises when the run ended first)."""
    with Qemu(image, icount=True, console_input=True, snapshot=False, name="fuzz") as vm:
        vm.wait_for(r"^restart: generation", timeout=60)
        if first:
            vm.send("seed=%d n=%d\n" % (seed, n))
            vm.wait_for(r"^FUZZ BEGIN seed=%d" % seed, timeout=60)
        mark = len(vm.output())
        for _ in range(3):
            m = vm.wait_for(r"^ckpt: generation \d+ took|" + DONE, timeout=timeout, start=mark)
            assert m.group(0).startswith("ckpt:"), "the run ended before the crash\n" + vm.tail()
            mark += m.end()
        return vm.output()


def run(seed, n, timeout, echo=False, restarts=0):
    """One run; returns the console output, raises AssertionError on failure."""
    tmp = tempfile.mkdtemp(prefix="cairn-fuzzimg-") if restarts else None
    image, before = IMAGE, ""
    try:
        if restarts:
            image = os.path.join(tmp, "fuzz.img")
            shutil.copyfile(IMAGE, image)
            for k in range(restarts):
                before += crash_boot(image, k == 0, seed, n, timeout)
        with Qemu(image, icount=True, console_input=True, snapshot=not restarts,
                  name="fuzz") as vm:
            vm.wait_for(r"^Cairn", timeout=60)
            if not restarts:
                vm.send("seed=%d n=%d\n" % (seed, n))
                vm.wait_for(r"^FUZZ BEGIN seed=%d" % seed, timeout=60)
            try:
                vm.wait_for(DONE, timeout=timeout)
            finally:
                out = before + vm.output()
                if echo:
                    sys.stdout.write(out)
    finally:
        if tmp:
            shutil.rmtree(tmp)
    bad = BAD.search(out)
    assert not bad and re.search(r"^FUZZ END .* ok$", out, re.M), \
        "seed %d: %s\n%s" % (seed, bad.group(0) if bad else "no END line", out[-4000:])
    return out


def summary(out):
    """The run's summary line: invocations, kernel panics and failed
    assertions counted in the console output (run() has already failed
    the run if any appeared)."""
    m = re.search(r"^FUZZ END seed=(\d+) invocations=(\d+)", out, re.M)
    panics = len(re.findall(r"^.*(PANIC|panic).*$", out, re.M))
    asserts = len(re.findall(r"^.*(assert|require) failed.*$", out, re.M))
    mem = re.findall(MEMORY_RE, out, re.M)
    return ("fuzz: %s invocations, %d kernel panics, %d failed assertions (seed %s); "
            "kernel memory: %s"
            % (m.group(2) if m else "?", panics, asserts, m.group(1) if m else "?",
               "%s of %s frames free throughout" % mem[-1][:2]
               if mem else "not reported"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n", type=int, default=1000000)
    ap.add_argument("--timeout", type=float, default=7200)
    ap.add_argument("--restarts", type=int, default=0)
    a = ap.parse_args()
    try:
        out = run(a.seed, a.n, a.timeout, restarts=a.restarts)
    except AssertionError as e:
        print("FAILED:", e)
        print("rerun: make fuzz-invoke FUZZ_SEED=%d FUZZ_N=%d" % (a.seed, a.n))
        return 1
    print("\n".join(l for l in out.splitlines() if l.startswith("FUZZ")))
    print(summary(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
