# SPDX-License-Identifier: BSD-2-Clause
"""Per-process FPU/SSE state, in the guest: build/cairn-utest-fpu.img runs
the programs of disk-image/utest-fpu.map (domains/utest-fpu, fpu-worker,
fpu-keeper) on the product kernel, booted through GRUB."""
import os
import re
from qemu import BUILD
from suite import run_suite

IMAGE = os.path.join(BUILD, "cairn-utest-fpu.img")


def test_fpu_suite():
    """Every in-guest FPU test passes: x87 and SSE values of two processes
    survive thousands of switches by IPC and by preemption, the annex page
    holds the FXSAVE image, swapping the annex swaps the state, and a
    process without a usable annex page faults to its keeper (PF_EXCEPTION,
    vector 7) or stops faulted -- twice, said on the console -- while the
    system runs on."""
    out = run_suite(IMAGE, "UTEST", timeout=180, min_tests=6)
    stops = re.findall(r"^process touch_(nk|ro) \(0x[0-9a-f]+\) faulted: code 3 at 0x7 ",
                       out, re.M)
    assert len(stops) == 2, out[-3000:]
