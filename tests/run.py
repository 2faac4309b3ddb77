#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Run every test and end with the line "N passed, N failed".

Two kinds of tests are collected:
  * host unit-test binaries (given with --unit): each prints
    "PASS name" / "FAILED name" per test (tests/unit/unit.h);
  * Python test files tests/**/test_*.py: every function named test_* is
    a test; it passes if it returns and fails if it raises.  A test
    function's docstring says what it checks.

Options: -k SUBSTR runs only tests whose name contains SUBSTR;
-j N runs N Python tests at once (they mostly wait for QEMU);
--list prints the test names.  Exit status 0 iff nothing failed.
"""
import argparse
import concurrent.futures
import importlib.util
import io
import os
import signal
import subprocess
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lib"))
from qemu import kill_all  # noqa: E402


def interrupted(signum, frame):
    """Killed (Ctrl-C, SIGTERM, a CI timeout): end every QEMU and server
    the tests started -- they run in sessions of their own and would
    outlive the run -- and stop at once."""
    kill_all()
    print("\ninterrupted by signal %d; every QEMU and server it started is killed" % signum,
          flush=True)
    os._exit(128 + signum)


def unit_results(binary):
    name = os.path.basename(binary)
    try:
        p = subprocess.run([binary], capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return [("unit/%s" % name, False, "timed out")]
    results, detail = [], []
    for line in p.stdout.splitlines():
        if line.startswith("PASS "):
            results.append(("unit/%s/%s" % (name, line[5:]), True, ""))
        elif line.startswith("FAILED "):
            results.append(("unit/%s/%s" % (name, line[7:]), False, "\n".join(detail)))
            detail = []
        else:
            detail.append(line)
    if p.returncode != 0 and all(ok for _, ok, _ in results):
        results.append(("unit/%s" % name, False,
                        "exit status %d\n%s%s" % (p.returncode, p.stdout, p.stderr)))
    return results


def python_tests(root):
    tests = []
    for d, _, files in sorted(os.walk(root)):
        for f in sorted(files):
            if not (f.startswith("test_") and f.endswith(".py")):
                continue
            path = os.path.join(d, f)
            rel = os.path.relpath(path, root)[:-3]
            spec = importlib.util.spec_from_file_location(rel.replace("/", "."), path)
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            for name in sorted(vars(mod)):
                fn = getattr(mod, name)
                if name.startswith("test_") and callable(fn):
                    tests.append(("%s::%s" % (rel, name), fn))
    return tests


def run_one(name, fn):
    t0 = time.monotonic()
    try:
        fn()
        return name, True, "", time.monotonic() - t0
    except Exception:
        return name, False, traceback.format_exc(), time.monotonic() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--unit", nargs="*", default=[])
    ap.add_argument("-k", default="")
    ap.add_argument("-j", type=int, default=1)
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args()

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupted)
    passed = failed = 0
    tests = [(n, f) for n, f in python_tests(HERE) if a.k in n]
    if a.list:
        for n, _ in tests:
            print(n)
        return 0
    for b in a.unit:
        for name, ok, detail in unit_results(b):
            if a.k not in name:
                continue
            print("%s %s" % ("PASS" if ok else "FAIL", name), flush=True)
            if not ok:
                print(detail, flush=True)
            passed += ok
            failed += not ok
    if tests:
        print("%d Python tests, %d at a time" % (len(tests), max(1, a.j)), flush=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.j)) as ex:
        futs = [ex.submit(run_one, n, f) for n, f in tests]
        for fut in concurrent.futures.as_completed(futs):
            name, ok, detail, secs = fut.result()
            print("%s %s (%.1fs)" % ("PASS" if ok else "FAIL", name, secs), flush=True)
            if not ok:
                print(detail, flush=True)
            passed += ok
            failed += not ok
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
