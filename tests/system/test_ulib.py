# SPDX-License-Identifier: BSD-2-Clause
"""The user runtime in the guest: build/cairn-utest-basic.img runs
domains/utest-basic (formatting, string helpers, and the Number, Discrim,
SysInfo and Console wrappers) on the product kernel."""
import os
from qemu import BUILD
from suite import run_suite


def test_user_runtime_suite():
    """Every utest-basic test passes in user mode."""
    run_suite(os.path.join(BUILD, "cairn-utest-basic.img"), "UTEST", timeout=120, min_tests=5)
