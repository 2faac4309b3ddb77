#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""make bench: measure, print a table against the targets, write
build/bench.json (numbers only) and draw the curves (build/bench/*.svg).

    python3 tests/bench.py [--only guest,ckpt,restart,dump] [--docs]

--docs also copies the pictures to docs/bench/ (docs/benchmarks.md shows
them).  What each figure is, how it is measured and what is inside its
window: docs/benchmarks.md.  In-guest figures are guest instructions
(QEMU TCG, -icount shift=0,sleep=off); wall-clock figures are ratios of
two things measured in the same run (tests/lib/benchguest.py,
benchhost.py).

A figure nobody printed is MISSING, never made up; a missed target is
reported, not an error.  The exit status is 1 only when a measurement
itself failed (a suite failed, an image did not boot, a tool erred).
"""
import argparse
import json
import os
import shutil
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lib"))
from qemu import BUILD, ROOT  # noqa: E402
import benchguest  # noqa: E402
import benchhost  # noqa: E402
import benchplot  # noqa: E402

# key: (target, "<=" or ">=", or None for "report"; what it is)
TARGETS = {
    "null_invoke_insns": (60, "<=", "null invocation of a kernel object"),
    "ipc_roundtrip_insns": (200, "<=", "call and return between two processes"),
    "ipc_vs_null_ratio": (3.5, "<=", "IPC round trip / null invocation"),
    "cap_xfer_insns": (25, "<=", "extra for one capability sent"),
    "string_4k_insns": (None, None, "4 KiB string in a message"),
    "rep_movsd_4k_insns": (None, None, "bare 4 KiB rep movsd, same run"),
    "string_4k_vs_rep_movsd": (1.5, "<=", "4 KiB string / bare rep movsd"),
    "forwarder_extra_insns": (60, "<=", "extra for a call through a forwarder"),
    "revoke_insns_1": (3000, "<=", "revoke, 1 copy outstanding"),
    "revoke_insns_100k": (3000, "<=", "revoke, 100,000 copies outstanding"),
    "revoke_100k_vs_1": (1.05, "<=", "revoke with 100k copies / with 1"),
    "revocable_copy_insns": (1000, "<=", "make a revocable copy (amortised)"),
    "bank_alloc_insns": (2500, "<=", "allocate a node through the space bank"),
    "bank_free_insns": (2500, "<=", "free a node through the space bank"),
    "pagefault_insns": (None, None, "user page fault, resolved"),
    "ckpt_pause_ms": (None, None, "checkpoint pause, 16 MiB dirty"),
    "ckpt_total_ms": (None, None, "checkpoint pause to commit, 16 MiB dirty"),
    "ckpt_pause_share": (0.05, "<=", "pause / total, 16 MiB dirty"),
    "ckpt_vs_raw_write": (0.7, ">=", "checkpoint write speed / raw sequential write"),
    "restart_small_ms": (None, None, "restart, 64 MiB store"),
    "restart_large_ms": (None, None, "restart, 4 GiB store, same live set"),
    "restart_large_vs_small": (1.2, "<=", "restart 4 GiB / 64 MiB"),
    "restart_small_icount_ms": (None, None, "the same under -icount (guest virtual time)"),
    "restart_large_icount_ms": (None, None, "the same under -icount (guest virtual time)"),
    "restart_icount_large_vs_small": (1.2, "<=", "restart 4 GiB / 64 MiB under -icount"),
    "dump_check_s": (None, None, "cairn-dump check, full 1 GiB store"),
    "e2fsck_s": (None, None, "e2fsck -fn, 1 GiB ext2, 170k files"),
    "dump_check_vs_e2fsck": (1.0, "<=", "cairn-dump check / e2fsck -fn"),
    "dump_check_maxrss_kib": (None, None, "peak memory of cairn-dump check"),
    "e2fsck_maxrss_kib": (None, None, "peak memory of e2fsck"),
    "dump_check_cpu_s": (None, None, "CPU time (user+system) of cairn-dump check"),
    "e2fsck_cpu_s": (None, None, "CPU time (user+system) of e2fsck"),
    "dump_check_cpu_vs_e2fsck": (None, None, "the same ratio in CPU time"),
}

# ratio key: (numerator, denominator)
RATIOS = {
    "ipc_vs_null_ratio": ("ipc_roundtrip_insns", "null_invoke_insns"),
    "string_4k_vs_rep_movsd": ("string_4k_insns", "rep_movsd_4k_insns"),
    "revoke_100k_vs_1": ("revoke_insns_100k", "revoke_insns_1"),
    "ckpt_pause_share": ("ckpt_pause_ms", "ckpt_total_ms"),
    "dump_check_cpu_vs_e2fsck": ("dump_check_cpu_s", "e2fsck_cpu_s"),
}

PARTS = {
    "guest": benchguest.in_guest,
    "ckpt": benchguest.ckpt_curve,
    "restart": benchguest.restart,
    "dump": benchhost.dump_check,
}


def log(msg):
    print("bench: %s" % msg, flush=True)


def add_ratios(fig):
    for key, (a, b) in RATIOS.items():
        if key not in fig and fig.get(a) is not None and fig.get(b):
            fig[key] = float("%.4g" % (fig[a] / fig[b]))


def verdict(key, value):
    target, op, _ = TARGETS.get(key, (None, None, ""))
    if value is None:
        return "MISSING"
    if target is None:
        return "-"
    ok = value <= target if op == "<=" else value >= target
    return "met" if ok else "MISSED"


def table(fig):
    keys = list(TARGETS) + sorted(k for k in fig if k not in TARGETS)
    width = max(len(k) for k in keys)
    print("\n%-*s  %12s  %10s  %-7s  %s" % (width, "figure", "value", "target", "", "what"))
    for k in keys:
        target, op, what = TARGETS.get(k, (None, None, ""))
        v = fig.get(k)
        tstr = "%s %g" % (op, target) if target is not None else ""
        vstr = "%g" % v if v is not None else "-"
        print("%-*s  %12s  %10s  %-7s  %s" % (width, k, vstr, tstr, verdict(k, v), what))
    return [k for k in TARGETS if k not in fig]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default=",".join(PARTS))
    ap.add_argument("--docs", action="store_true")
    a = ap.parse_args()
    fig, series, notes, failed = {}, {}, [], []
    t_all = time.monotonic()
    for part in a.only.split(","):
        t0 = time.monotonic()
        try:
            f, s, n = PARTS[part](log)
        except Exception:
            failed.append(part)
            print("bench: %s FAILED:\n%s" % (part, traceback.format_exc()[-3000:]), flush=True)
            continue
        fig.update(f)
        series.update(s)
        notes += n
        log("%s done in %.0f s" % (part, time.monotonic() - t0))
    add_ratios(fig)
    missing = table(fig)
    outdir = os.path.join(BUILD, "bench")
    pictures, pnotes = benchplot.draw(series, outdir)
    notes += pnotes
    path = os.path.join(BUILD, "bench.json")
    with open(path, "w") as f:
        json.dump(fig, f, indent=1, sort_keys=True)
    print("\nwritten: %s" % ", ".join(os.path.relpath(p, ROOT) for p in [path] + pictures))
    if a.docs:
        docs = os.path.join(ROOT, "docs", "bench")
        os.makedirs(docs, exist_ok=True)
        for p in pictures:
            shutil.copy(p, docs)
        print("copied the pictures to docs/bench/")
    for n in notes:
        print("note: %s" % n)
    if missing:
        print("MISSING (no program printed them): %s" % ", ".join(missing))
    missed = [k for k in fig if verdict(k, fig[k]) == "MISSED"]
    print("%d figures, %d targets met, %d missed, %d missing; %.0f s"
          % (len(fig), sum(verdict(k, v) == "met" for k, v in fig.items()), len(missed),
             len(missing), time.monotonic() - t_all))
    if failed:
        print("bench: measurements FAILED: %s" % ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
