# SPDX-License-Identifier: BSD-2-Clause
"""The user runtime in the guest: build/cairn-utest-basic.img runs
domains/utest-basic (formatting, string helpers, and the Number, Discrim,
SysInfo and Console wrappers) on the product kernel."""
import glob
import os
from qemu import BUILD, ROOT
from suite import run_suite, check_written_order


def test_user_runtime_suite():
    """Every utest-basic test passes in user mode, and the tests of each
    file run in the order the file defines them."""
    out = run_suite(os.path.join(BUILD, "cairn-utest-basic.img"), "UTEST", timeout=120,
                    min_tests=5)
    check_written_order(out, "UTEST", glob.glob(os.path.join(ROOT, "domains/utest-basic/*.c")))
