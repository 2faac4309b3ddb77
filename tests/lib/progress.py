# SPDX-License-Identifier: BSD-2-Clause
"""progress(msg): one line on stderr while a long test works (a crash
sweep, a long fuzz run), so that `make check` is not silent for minutes.
The line is prefixed with "..." and goes out at once; the PASS/FAIL lines
and the final count stay on stdout."""
import sys


def progress(msg):
    sys.stderr.write("  ... %s\n" % msg)
    sys.stderr.flush()
