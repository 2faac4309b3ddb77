# SPDX-License-Identifier: BSD-2-Clause
"""Parse the report of a test suite that runs inside the guest.

The in-kernel tests (kernel/ktest.h, prefix KTEST) and the in-guest test
programs (domains/lib/cairn/utest.h, prefix UTEST) print the same lines:

    P BEGIN n
    P RUN name: what it checks
    P FAIL file:line: message          (first failure of a test only)
    P PASS name        or        P FAILED name
    P END passed=p failed=f

parse_suite(text, prefix) reads them from console output (other lines,
such as other processes' output, may come between) and returns a Suite;
wait_suite(vm, prefix) waits for the END line first.
"""
import re


class Suite:
    def __init__(self):
        self.announced = None       # n of BEGIN
        self.passed, self.failed = [], []
        self.failures = {}          # name -> FAIL message
        self.what = {}              # name -> what it checks
        self.end = None             # (passed, failed) of END

    def ok(self):
        """Complete, consistent, and nothing failed."""
        return (self.end is not None and not self.failed and
                self.end == (len(self.passed), 0) and
                self.announced == len(self.passed))

    def summary(self):
        lines = ["%s: %s" % (n, self.failures.get(n, "failed")) for n in self.failed]
        if self.end is None:
            lines.append("no END line (suite crashed or hung?)")
        elif self.end != (len(self.passed), len(self.failed)):
            lines.append("END says %s, lines say %d/%d" %
                         (self.end, len(self.passed), len(self.failed)))
        return "\n".join(lines)


def parse_suite(text, prefix):
    s, current = Suite(), None
    line_re = re.compile(r"^%s (BEGIN|RUN|FAILED|FAIL|PASS|END) (.*)$" % re.escape(prefix))
    for line in text.splitlines():
        m = line_re.match(line.rstrip("\r"))
        if not m:
            continue
        kind, rest = m.groups()
        if kind == "BEGIN":
            s.announced = int(rest)
        elif kind == "RUN":
            current, _, what = rest.partition(": ")
            s.what[current] = what
        elif kind == "FAIL" and current is not None:
            s.failures[current] = rest
        elif kind == "PASS":
            s.passed.append(rest)
        elif kind == "FAILED":
            s.failed.append(rest)
        elif kind == "END":
            e = re.match(r"passed=(\d+) failed=(\d+)", rest)
            s.end = (int(e.group(1)), int(e.group(2))) if e else None
    return s


def wait_suite(vm, prefix, timeout=120):
    vm.wait_for(r"%s END passed=\d+ failed=\d+" % re.escape(prefix), timeout=timeout)
    return parse_suite(vm.output(), prefix)


def run_suite(image, prefix, cmdline=None, timeout=120, icount=False,
              min_tests=1, extra=()):
    """Boot image, wait for the suite's END line and assert that the
    suite is complete and nothing failed (naming what failed and why).
    Returns the console output for further checks."""
    from qemu import Qemu
    with Qemu(image, cmdline=cmdline, icount=icount, extra=extra) as vm:
        s = wait_suite(vm, prefix, timeout=timeout)
        out = vm.output()
    assert s.ok(), "%s\n%s" % (s.summary(), out[-3000:])
    assert len(s.passed) >= min_tests, "only %d tests ran\n%s" % (len(s.passed), out[-3000:])
    return out


def written_order(paths):
    """{file: [test names in the order the file defines them]} of the
    TEST(name, ...) and TEST_EXPLICIT(name, ...) lines of each file."""
    rx = re.compile(r"^TEST(?:_EXPLICIT)?\((\w+),", re.M)
    order = {}
    for path in paths:
        with open(path) as f:
            order[path] = rx.findall(f.read())
    return order


def registered(paths):
    """The names of the tests "all" runs: every TEST(name, ...) of the
    files (TEST_EXPLICIT ones run only when named), in the files' order."""
    rx = re.compile(r"^TEST\((\w+),", re.M)
    names = []
    for path in sorted(paths):
        with open(path) as f:
            names += rx.findall(f.read())
    return names


def check_written_order(text, prefix, paths):
    """Within each file, the tests that ran ran in the order it defines
    them (TEST descriptors are gathered in a section; nothing but the
    build keeps their order)."""
    ran = re.findall(r"^%s RUN (\w+):" % re.escape(prefix), text, re.M)
    for path, names in written_order(paths).items():
        seen = [n for n in ran if n in names]
        want = [n for n in names if n in seen]
        assert seen == want, "%s: ran %s, written %s" % (path, seen, want)
