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
    process are all void after their sub-bank is destroyed with its space."""
    out = run_suite(IMAGE, "UTEST", timeout=300, min_tests=10)
    assert "spacebank: store of" in out
    m = re.search(r"^BANK destroy_with_space: (\d+) of (\d+) capabilities", out, re.M)
    assert m, out[-2000:]
    print(m.group(0))
    assert m.group(1) == m.group(2) == "10000"
