# SPDX-License-Identifier: BSD-2-Clause
"""Processes and IPC, in the guest: build/cairn-utest-ipc.img runs the
programs of disk-image/utest-ipc.map (domains/utest-ipc and its partners) on
the product kernel, booted through GRUB."""
import os
import re
from qemu import BUILD
from suite import run_suite

IMAGE = os.path.join(BUILD, "cairn-utest-ipc.img")


def test_ipc_suite():
    """Every in-guest IPC test passes: words, strings, capabilities,
    SEND, badges, one-shot Resume, a caller queue, keepers, faults and
    bad invocations."""
    out = run_suite(IMAGE, "UTEST", timeout=180, min_tests=10)
    # The kernel names the process (its root's name slot, from the map).
    assert re.search(r"^process faulter_nk \(0x[0-9a-f]+\) faulted: code 1 at 0x20000000 ",
                     out, re.M), out[-3000:]


def test_call_return_benchmark_counts_instructions():
    """Under -icount shift=0 the CALL+RETURN round trip is counted in guest
    instructions and printed; the figure is deterministic."""
    counts = []
    for _ in range(2):
        out = run_suite(IMAGE, "UTEST", timeout=300, icount=True, min_tests=10)
        m = re.search(r"^BENCH call_return_round_trip (\d+) per round trip", out, re.M)
        assert m, out[-2000:]
        counts.append(int(m.group(1)))
    print("CALL+RETURN round trip: %d guest instructions" % counts[0])
    assert counts[0] == counts[1], counts
    assert 0 < counts[0] < 5000, counts
