# SPDX-License-Identifier: BSD-2-Clause
"""Run the in-guest invocation fuzzer (domains/fuzz-invoke, docs/hostile.md).

    python3 tests/lib/fuzzinvoke.py --seed S --n N     (make fuzz-invoke)

boots build/cairn-tk-fuzz-invoke.img (the test kernel: assertions on,
check_consistency() before every checkpoint) under -icount, types
"seed=S n=N" on its console and waits for "FUZZ END ... ok".  A run
fails if the guest prints FUZZ FAIL, the kernel panics or an assertion
fires, or the END line does not come.  The seed reproduces a failure.
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemu import BUILD, Qemu  # noqa: E402

IMAGE = os.path.join(BUILD, "cairn-tk-fuzz-invoke.img")
BAD = re.compile(r"^(FUZZ FAIL.*|.*panic.*|.*assert failed.*|.*require failed.*)$", re.M)


def run(seed, n, timeout, echo=False):
    """One run; returns the console output, raises AssertionError on failure."""
    with Qemu(IMAGE, icount=True, console_input=True, name="fuzz") as vm:
        vm.wait_for(r"^Cairn", timeout=60)
        vm.send("seed=%d n=%d\n" % (seed, n))
        vm.wait_for(r"^FUZZ BEGIN seed=%d" % seed, timeout=60)
        try:
            vm.wait_for(r"^FUZZ END .* ok$|^FUZZ FAIL|panic|assert failed|require failed",
                        timeout=timeout)
        finally:
            out = vm.output()
            if echo:
                sys.stdout.write(out)
    bad = BAD.search(out)
    assert not bad and re.search(r"^FUZZ END .* ok$", out, re.M), \
        "seed %d: %s\n%s" % (seed, bad.group(0) if bad else "no END line", out[-4000:])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n", type=int, default=1000000)
    ap.add_argument("--timeout", type=float, default=7200)
    a = ap.parse_args()
    try:
        out = run(a.seed, a.n, a.timeout)
    except AssertionError as e:
        print("FAILED:", e)
        print("rerun: make fuzz-invoke FUZZ_SEED=%d FUZZ_N=%d" % (a.seed, a.n))
        return 1
    print("\n".join(l for l in out.splitlines() if l.startswith("FUZZ")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
