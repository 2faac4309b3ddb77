# SPDX-License-Identifier: BSD-2-Clause
"""The libFuzzer target over cairn-dump's image parser (tests/fuzz/
fuzz_dump.c), run for a bounded time by make check; `make fuzz` runs it
longer.  FUZZ_CHECK_SECS overrides the time (default 25 s)."""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from cairnstore import BUILD  # noqa: E402
from progress import progress  # noqa: E402

FUZZER = os.path.join(BUILD, "fuzz-dump")
SEEDS = os.path.join(BUILD, "fuzz-seeds")


def test_fuzz_image_parser_bounded():
    """libFuzzer (ASan + UBSan) over every read-only command for ~25 s,
    seeded from hand-made stores; fails if it finds a crash, a sanitizer
    report, a leak or a hang (a timeout of 10 s per input)."""
    secs = int(os.environ.get("FUZZ_CHECK_SECS", "25"))
    assert os.path.exists(FUZZER), "build/fuzz-dump missing (make check builds it)"
    progress("fuzzing cairn-dump's image parser for %d s" % secs)
    corpus = tempfile.mkdtemp(prefix="cairn-fuzz-")
    artifacts = os.path.join(BUILD, "fuzz-artifacts")
    os.makedirs(artifacts, exist_ok=True)
    try:
        p = subprocess.run([FUZZER, "-max_total_time=%d" % secs, "-max_len=300000",
                            "-timeout=10", "-rss_limit_mb=2048", "-print_final_stats=1",
                            "-artifact_prefix=%s/" % artifacts, corpus, SEEDS],
                           capture_output=True, text=True, timeout=secs + 120)
        tail = "\n".join(p.stderr.splitlines()[-40:])
        assert p.returncode == 0, "fuzzer found a problem (input in %s):\n%s" % (artifacts, tail)
        assert "Done " in p.stderr, tail
    finally:
        shutil.rmtree(corpus, ignore_errors=True)
