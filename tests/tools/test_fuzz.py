# SPDX-License-Identifier: BSD-2-Clause
"""The libFuzzer targets of tests/fuzz, each run for a bounded time by
make check (`make fuzz` runs them longer): cairn-dump's image parser,
the kernel's restart compiled for the host, the map compiler and the ELF
loader.  Each also replays the inputs that once made it fail
(tests/fuzz/regress/NAME).  FUZZ_CHECK_SECS overrides the time per
target (default 15 s)."""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from cairnstore import BUILD, ROOT  # noqa: E402
from progress import progress  # noqa: E402

WHAT = {
    "dump": "cairn-dump's image parser",
    "ckpt": "the kernel's restart (MBR, roots, directories, fault-in)",
    "map": "cairn-mkimage's map compiler",
    "elf": "cairn-mkimage's ELF loader",
}


def run_fuzzer(name):
    secs = int(os.environ.get("FUZZ_CHECK_SECS", "15"))
    fuzzer = os.path.join(BUILD, "fuzz-" + name)
    seeds = os.path.join(BUILD, "fuzz-seeds", name)
    assert os.path.exists(fuzzer), "%s missing (make check builds it)" % fuzzer
    artifacts = os.path.join(BUILD, "fuzz-artifacts")
    os.makedirs(artifacts, exist_ok=True)
    regress = sorted(glob.glob(os.path.join(ROOT, "tests", "fuzz", "regress", name, "*")))
    if regress:
        p = subprocess.run([fuzzer] + regress, capture_output=True, text=True, timeout=300,
                           cwd=ROOT)
        assert p.returncode == 0, "a regression input fails again:\n%s" % p.stderr[-3000:]
    progress("fuzzing %s for %d s" % (WHAT[name], secs))
    corpus = tempfile.mkdtemp(prefix="cairn-fuzz-%s-" % name)
    try:
        p = subprocess.run([fuzzer, "-max_total_time=%d" % secs, "-timeout=10",
                            "-rss_limit_mb=2048", "-print_final_stats=1",
                            "-artifact_prefix=%s/%s-" % (artifacts, name), corpus, seeds],
                           capture_output=True, text=True, timeout=secs + 120, cwd=ROOT)
        tail = "\n".join(p.stderr.splitlines()[-40:])
        assert p.returncode == 0, "fuzzer found a problem (input in %s):\n%s" % (artifacts, tail)
        assert "Done " in p.stderr, tail
    finally:
        shutil.rmtree(corpus, ignore_errors=True)


def test_fuzz_dump():
    """cairn-dump's every read-only command over fuzzed images (ASan +
    UBSan); fails on a crash, a sanitizer report, a leak or a hang."""
    run_fuzzer("dump")


def test_fuzz_ckpt():
    """The kernel's disk.c and ckpt/ restart and fault-in over fuzzed
    disks; fails on a crash, a sanitizer report, a require() that fires
    or a read past the disk."""
    run_fuzzer("ckpt")


def test_fuzz_map():
    """cairn-mkimage's lexer, parser and link pass over fuzzed maps; fails
    on a crash, a leak, or a map that compiles to an invalid root."""
    run_fuzzer("map")


def test_fuzz_elf():
    """cairn-mkimage's ELF loader over fuzzed files; fails on a crash or
    on an accepted file that breaks the loader's stated promises."""
    run_fuzzer("elf")
