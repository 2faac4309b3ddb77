# SPDX-License-Identifier: BSD-2-Clause
"""tests/lib/suite.py reads the KTEST/UTEST report format
(kernel/ktest.h, domains/lib/cairn/utest.h) the way both print it."""
from suite import parse_suite

REPORT = """\
Cairn booting
UTEST BEGIN 3
UTEST RUN fmt_cases: snprintf formats every shared case as expected
UTEST PASS fmt_cases
UTEST RUN number_read: a Number capability answers its three words
some other process: hello
UTEST FAIL domains/utest-basic/test_kobj.c:20: w[0] == 0x11111111u (0 != 286331153)
UTEST FAILED number_read
UTEST RUN discrim_compare: Discrim compares a capability with itself
UTEST PASS discrim_compare
UTEST END passed=2 failed=1
KTEST BEGIN 1
"""


def test_parse_mixed_report():
    """Passes, a failure with its message, interleaved output, END."""
    s = parse_suite(REPORT, "UTEST")
    assert s.announced == 3
    assert s.passed == ["fmt_cases", "discrim_compare"]
    assert s.failed == ["number_read"]
    assert s.failures["number_read"].startswith("domains/utest-basic/test_kobj.c:20: w[0]")
    assert s.what["fmt_cases"] == "snprintf formats every shared case as expected"
    assert s.end == (2, 1)
    assert not s.ok()
    assert "number_read" in s.summary()


def test_parse_complete_and_truncated():
    """A clean run is ok(); one cut off before END is not."""
    clean = "\n".join(["KTEST BEGIN 1", "KTEST RUN a: b", "KTEST PASS a",
                       "KTEST END passed=1 failed=0"])
    assert parse_suite(clean, "KTEST").ok()
    cut = parse_suite(clean.rsplit("\n", 1)[0], "KTEST")
    assert not cut.ok() and "no END" in cut.summary()
    assert parse_suite(clean, "UTEST").end is None
