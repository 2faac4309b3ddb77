# SPDX-License-Identifier: BSD-2-Clause
"""The space bank, in the guest: build/cairn-utest-bank.img runs
spacebank (spacebank/) with the tests of domains/utest-bank and their
partner bank-holder (disk-image/utest-bank.map)."""
import os
import re
from qemu import BUILD
from suite import run_suite

IMAGE = os.path.join(BUILD, "cairn-utest-bank.img")


def test_bank_suite():
    """Every in-guest bank test passes, and 10,000 nodes held by another
    process are all void after their sub-bank is destroyed with its space.
    Over 10,000 banks are made and destroyed, and the stale capabilities
    kept of some of them (one of a bank whose id was given again) are
    void for every order (test_ids.c)."""
    out = run_suite(IMAGE, "UTEST", timeout=300, min_tests=10)
    assert "spacebank: store of" in out
    m = re.search(r"^BANK ids: (\d+) banks made and destroyed, (\d+) instructions each; "
                  r"(\d+) stale capabilities void", out, re.M)
    assert m and int(m.group(1)) > 10000 and int(m.group(3)) >= 3, out[-2000:]
    print(m.group(0))
    m = re.search(r"^BANK destroy_with_space: (\d+) of (\d+) capabilities", out, re.M)
    assert m, out[-2000:]
    print(m.group(0))
    assert m.group(1) == m.group(2) == "10000"


def test_bank_benchmark_counts_instructions():
    """Under -icount shift=0 rdtsc counts guest instructions: the cost of
    allocating and of freeing one node through a sub-bank (IPC to the
    bank included) is printed, and is the same in two runs."""
    counts = []
    for _ in range(2):
        out = run_suite(IMAGE, "UTEST", timeout=600, icount=True, min_tests=10)
        m = re.search(r"^BENCH bank_alloc (\d+) per allocation, bank_free (\d+) per free",
                      out, re.M)
        assert m, out[-2000:]
        counts.append((int(m.group(1)), int(m.group(2))))
        t = re.search(r"^BANK ten_thousand: .*$", out, re.M)
    print("bank_alloc %d, bank_free %d guest instructions" % counts[0])
    print(t.group(0) if t else "")
    assert counts[0] == counts[1], counts
    assert 0 < counts[0][0] < 100000 and 0 < counts[0][1] < 100000, counts
