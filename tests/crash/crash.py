#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The crash-consistency harness (docs/crash-testing.md).

    crash.py [-j N]                 the bounded sweep (make crash)
    crash.py --full [-j N]          at least 1,000 states (make crash-full)
    crash.py --replay ID            one state again (make crash-replay)
    --method wlog,kill,ioerr        only these methods
    --break root_before_flush       record with the test kernel's broken
                                    commit order (the sweep must go red)

Ends with "crash: N states, N passed, N failed"; exit status 0 iff none
failed.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))

import crashplan    # noqa: E402
import crashsweep   # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--full", action="store_true")
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--method", default="wlog,kill,ioerr")
    ap.add_argument("--replay")
    ap.add_argument("--break", dest="brk")
    a = ap.parse_args()
    t0 = time.monotonic()
    try:
        if a.replay:
            tally = crashsweep.replay(a.replay, a.brk)
        else:
            plan = crashplan.FULL if a.full else crashplan.BOUNDED
            tally = crashsweep.sweep(plan, a.method.split(","), a.j, a.brk)
    finally:
        if not a.replay:
            crashsweep.cleanup()
    print(tally.summary())
    print("crash: %.0f s" % (time.monotonic() - t0))
    return 1 if any(not o.ok for o in tally.outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
