#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""make bench: run the benchmarks there are and print their figures.

Each benchmark is an in-guest test image that prints its measurements on
the console; here each image is booted under -icount shift=0 (so the
guest's rdtsc counts guest instructions: the figures are exact and repeat
from run to run), its lines are parsed, and the figures are printed as a
table and written to build/bench.json.  The benchmarks are those the
in-guest suites already measure (docs/processes.md, docs/spacebank.md,
docs/forwarders.md); a fuller suite is future work.
"""
import json
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lib"))
from qemu import BUILD  # noqa: E402
from suite import run_suite  # noqa: E402

# (image, boot options, [(figure, regex with one group per figure name)])
BENCHES = [
    ("cairn-utest-ipc.img", None, [
        (("call_return_round_trip",), r"^BENCH call_return_round_trip (\d+) per round trip"),
        (("null_invocation",), r"^BENCH null_invocation (\d+) per invocation"),
    ]),
    ("cairn-utest-bank.img", None, [
        (("bank_alloc", "bank_free", "bank_identify"),
         r"^BENCH bank_alloc (\d+) per allocation, bank_free (\d+) per free, "
         r"bank_identify (\d+)"),
        (("bank_give_per_node", "bank_destroy_per_node"),
         r"^BANK ten_thousand: allocate\+give (\d+) per node, destroy (\d+) per node"),
    ]),
    ("cairn-utest-fwd.img", "objcache.nodes=2600", [
        (("revoke_1_copy", "revoke_100000_copies"),
         r"^FWD revoke: 1 copy (\d+) instructions, \d+ copies (\d+) instructions"),
    ]),
]


def run_image(image, cmdline, patterns):
    out = run_suite(os.path.join(BUILD, image), "UTEST", cmdline=cmdline, timeout=900,
                    icount=True)
    figures = {}
    for names, rx in patterns:
        m = re.search(rx, out, re.M)
        if not m:
            raise SystemExit("bench: %s printed no %s" % (image, names[0]))
        figures.update(zip(names, (int(g) for g in m.groups())))
    return figures


def main():
    results = {}
    print("bench: %d images, each booted under -icount (guest instructions); "
          "a minute or two in all" % len(BENCHES), flush=True)
    for image, cmdline, patterns in BENCHES:
        t0 = time.monotonic()
        print("bench: %s ..." % image, end=" ", flush=True)
        results.update(run_image(image, cmdline, patterns))
        print("%.0f s" % (time.monotonic() - t0), flush=True)
    width = max(len(k) for k in results)
    print("\n%-*s  %12s" % (width, "benchmark", "instructions"))
    for name, value in results.items():
        print("%-*s  %12d" % (width, name, value))
    path = os.path.join(BUILD, "bench.json")
    with open(path, "w") as f:
        json.dump(results, f, indent=1)
    print("\n(also in %s)" % os.path.relpath(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
