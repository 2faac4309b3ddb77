# SPDX-License-Identifier: BSD-2-Clause
"""The kernel's restart time for make bench (boot option bench,
kernel/main.c): "BENCH restart_us N" after the restart line, before the
first process runs."""
import os
import re

from qemu import BUILD, Qemu


def test_restart_time_line():
    """With the boot option bench the kernel prints BENCH restart_us N
    (N > 0: from its first instruction, by the TSC) after the restart
    line and before any process prints."""
    with Qemu(os.path.join(BUILD, "cairn-fresh.img"), cmdline="bench") as vm:
        m = vm.wait_for(r"^BENCH restart_us (\d+)$", timeout=120)
        vm.wait_for(r"^spacebank: ", timeout=120)
        out = vm.output()
    us = int(m.group(1))
    print("restart: %d us from kernel entry to the first process" % us)
    assert us > 0, m.group(0)
    restart = re.search(r"^restart: generation \d+ ", out, re.M)
    bank = re.search(r"^spacebank: ", out, re.M)
    assert restart and restart.start() < m.start() < bank.start(), out[-3000:]
