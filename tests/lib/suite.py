# SPDX-License-Identifier: BSD-2-Clause
"""Run an in-guest test suite and read its report.

Both the in-kernel tests (KTEST, kernel/ktest.h) and the in-guest user
programs (UTEST, domains/lib/cairn/utest.h) print

    <P> BEGIN n / <P> RUN name: what / <P> FAIL file:line: why
    <P> PASS name  or  <P> FAILED name / <P> END passed=p failed=f

run_suite() boots an image, waits for END and fails with the names and
reasons of the failed tests, so a red test says what broke.
"""
import re
from qemu import Qemu


def parse(prefix, text):
    """(passed names, {failed name: reasons}, end match or None)."""
    passed, failed, reasons = [], {}, []
    for line in text.splitlines():
        if line.startswith(prefix + " FAIL "):
            reasons.append(line[len(prefix) + 6:])
        elif line.startswith(prefix + " FAILED "):
            failed[line[len(prefix) + 8:]] = reasons
            reasons = []
        elif line.startswith(prefix + " PASS "):
            passed.append(line[len(prefix) + 6:])
            reasons = []
    end = re.search(r"^%s END passed=(\d+) failed=(\d+)" % prefix, text, re.M)
    return passed, failed, end


def run_suite(image, prefix, cmdline=None, timeout=120, icount=False,
              min_tests=1, extra=()):
    """Boot image, wait for the suite's END line, assert nothing failed.
    Returns the console output for further checks."""
    with Qemu(image, cmdline=cmdline, icount=icount, extra=extra) as vm:
        vm.wait_for(r"^%s END passed=\d+ failed=\d+" % prefix, timeout=timeout)
        out = vm.output()
    passed, failed, end = parse(prefix, out)
    assert not failed, "failed: %s\n%s" % (failed, out[-3000:])
    assert int(end.group(2)) == 0 and int(end.group(1)) == len(passed)
    assert len(passed) >= min_tests, "only %d tests ran\n%s" % (len(passed), out[-3000:])
    return out
